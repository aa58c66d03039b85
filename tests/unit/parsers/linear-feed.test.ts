import { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { harvestFeed } from '../../../src/ingest/harvest';
import { readDocument } from '../../../src/ingest/parsers';
import { rss } from '../../helpers/feeds';

const FEED_URL = 'https://big.example/feed.xml';

/** An RSS feed of `count` items that name no author, so each falls back to the channel's. */
function feedOf(count: number): Buffer {
  const entries = Array.from({ length: count }, (_, n) => ({
    guid: `item-${n}`,
    title: `Item ${n}`,
    link: `https://big.example/${n}`,
    pubDate: 'Wed, 27 Mar 2024 07:00:00 GMT',
    description: `<p>Item ${n} in <b>short</b>.</p>`,
  }));
  return Buffer.from(rss(entries));
}

/** The XML elements the feed library builds while the feed is read and harvested: the unit of its work. */
function elementsBuilt(count: number): number {
  // The library builds every element through this static (marked private in its types).
  const spy = jest.spyOn(Element as unknown as { create: (...args: unknown[]) => Element }, 'create');
  try {
    const document = readDocument(feedOf(count), 'application/rss+xml', FEED_URL);
    if (document.kind !== 'feed') throw new Error(`expected a feed, read ${document.kind}`);
    expect(harvestFeed(document.feed, FEED_URL, { name: 'Big', language: 'en', fullText: false }, new Date()).items).toHaveLength(count);
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('reading a large feed', () => {
  it('does work in proportion to its items (the item -> channel author fallback reads the channel once)', () => {
    const small = elementsBuilt(200);
    const large = elementsBuilt(1000);
    // Linear: five times the items, five times the work (the channel's own elements aside). Quadratic: 25 times.
    expect(large / small).toBeGreaterThan(4.9);
    expect(large / small).toBeLessThan(5.1);
  });
});
