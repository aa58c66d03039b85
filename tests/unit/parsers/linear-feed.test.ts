import { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { MAX_ATTRIBUTES } from '../../../src/ingest/extract/dom';
import { harvestFeed } from '../../../src/ingest/harvest';
import { readDocument } from '../../../src/ingest/parsers';
import { FeedParseError } from '../../../src/ingest/parsers/feed-parse-error';
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

describe('reading a feed whose elements have many attributes', () => {
  const declarations = (n: number) => Array.from({ length: n }, (_, i) => `xmlns:n${i}="urn:n${i}"`).join(' ');
  const withRoot = (attributes: string, itemAttributes = '') =>
    Buffer.from(
      rss([{ title: 'One', link: 'https://big.example/1', pubDate: 'Wed, 27 Mar 2024 07:00:00 GMT', content: '<p>Body</p>' }]).replace(
        '<rss version="2.0"',
        `<rss version="2.0" ${attributes}`,
      ).replace('<content:encoded>', `<content:encoded ${itemAttributes}>`),
    );
  const read = (xml: Buffer) => readDocument(xml, 'application/rss+xml', FEED_URL);

  it('reads an element of up to MAX_ATTRIBUTES attributes, namespaces resolved through them', () => {
    const document = read(withRoot(declarations(MAX_ATTRIBUTES - 10), declarations(MAX_ATTRIBUTES - 10)));
    if (document.kind !== 'feed') throw new Error(`expected a feed, read ${document.kind}`);
    // content:encoded is found by its namespace, declared beside the 990 others.
    expect(document.feed.entries.map((entry) => [entry.title, entry.contentHtml])).toEqual([['One', '<p>Body</p>']]);
  });

  it.each([
    ['<rss>, in namespace declarations', () => withRoot(declarations(MAX_ATTRIBUTES + 1)), 'rss'],
    ["an item's content (whose xml:base its links resolve against)", () => withRoot('', declarations(MAX_ATTRIBUTES + 1)), 'encoded'],
  ])('refuses a feed with an element of more than MAX_ATTRIBUTES attributes: %s', (_case, xml, name) => {
    expect(() => read(xml())).toThrow(new FeedParseError(`expected a feed whose elements have at most ${MAX_ATTRIBUTES} attributes each; <${name}> has more`));
  });

  // An element whose attributes are never asked for (a title's, say) costs nothing, and is not refused.
  it("reads the attributes of each element that has some from the library once, however often they are asked for", () => {
    // The library converts every attribute anew on each read: 400,000 declarations on <rss>, read for each lookup,
    // held the reader 15 s. Counted on a fresh copy of the library and of our parser, which keeps its getter.
    const reads = new Map<unknown, number>();
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const library = require('@rowanmanning/feed-parser/lib/xml/element') as { Element: { prototype: object } };
      const own = Object.getOwnPropertyDescriptor(library.Element.prototype, 'attributes')?.get as () => unknown;
      Object.defineProperty(library.Element.prototype, 'attributes', {
        configurable: true,
        get() {
          const attributes = own.call(this) as object;
          // An element without attributes is answered at once, and not kept: its reads cost nothing.
          if (Object.keys(attributes).length > 0) reads.set(this, (reads.get(this) ?? 0) + 1);
          return attributes;
        },
      });
      const parsers = require('../../../src/ingest/parsers') as { readDocument: typeof readDocument };
      expect(parsers.readDocument(feedOf(50), 'application/rss+xml', FEED_URL).kind).toBe('feed');
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    // <rss>, and each item's <guid isPermaLink="false">.
    expect(reads.size).toBeGreaterThan(50);
    expect(Math.max(...reads.values())).toBe(1);
  });
});
