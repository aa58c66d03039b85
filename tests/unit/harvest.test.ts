import { isWellFormed } from '../../src/domain/input-check';
import { publicationTime } from '../../src/ingest/entry-article';
import { contentEntryUrls, entryHash, harvestFeed, MAX_ENTRIES, StoredEntryArticle } from '../../src/ingest/harvest';
import { readDocument } from '../../src/ingest/parsers';
import { longBody, rss } from '../helpers/feeds';

const FEED_URL = 'https://news.example/feed.xml';
const NOW = new Date('2024-03-21T00:00:00Z');
const source = { name: 'News Example', language: 'en', fullText: false };

/** The feed of an RSS document with these entries. */
function feedOf(entries: Parameters<typeof rss>[0]) {
  const document = readDocument(Buffer.from(rss(entries)), 'application/rss+xml', FEED_URL);
  if (document.kind !== 'feed') throw new Error(`expected a feed, read ${document.kind}`);
  return document.feed;
}

/** The harvest of an RSS document with these entries. */
function harvestOf(entries: Parameters<typeof rss>[0], from = source, stored: ReadonlyMap<string, StoredEntryArticle> = new Map()) {
  return harvestFeed(feedOf(entries), FEED_URL, from, NOW, stored);
}

describe('harvestFeed', () => {
  it('stores titles as text, summaries sanitized and URLs canonical, exactly as a refresh writes them', () => {
    const harvest = harvestOf([
      {
        guid: 'g1',
        title: 'Harbour <b>plan</b> &amp; costs',
        link: '/world/harbour?utm_source=rss#top',
        pubDate: 'Wed, 20 Mar 2024 16:00:00 +0400',
        description: '<p onclick="x()">Short <script>alert(1)</script>summary.</p>',
        content: longBody(150, 'harbour'),
      },
    ]);
    expect(harvest.items).toEqual([
      { guid: 'g1', title: 'Harbour plan & costs', url: 'https://news.example/world/harbour', publishedAt: new Date('2024-03-20T12:00:00Z'), articleUrl: 'https://news.example/world/harbour' },
    ]);
    expect(harvest.articles).toHaveLength(1);
    expect(harvest.articles[0]).toMatchObject({ url: 'https://news.example/world/harbour', title: 'Harbour plan & costs', summary: 'Short summary.', language: 'en' });
    expect(harvest.articles[0].body).not.toMatch(/script|onclick/);
    expect(harvest.articles[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the stored article of an entry whose fingerprint is stored with it, and derives the others", () => {
    const entries = [
      { guid: 'same', title: 'Same', link: 'https://news.example/same', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(150, 'same') },
      { guid: 'untitled', title: '', link: 'https://news.example/untitled', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(150, 'untitled') },
      { guid: 'edited', title: 'Edited', link: 'https://news.example/edited', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(150, 'edited') },
    ];
    const first = harvestOf(entries);
    expect(first.articles.map((a) => a.url)).toEqual(['https://news.example/same', 'https://news.example/untitled', 'https://news.example/edited']);
    const feed = feedOf(entries);
    const [same, untitled, edited] = feed.entries;
    // The source's name and the feed's title: attribution never credits either.
    const ownNames = [source.name, feed.title!];
    expect([...first.entryHashes]).toEqual([
      ['https://news.example/same', entryHash(same, 'https://news.example/same', 'en', ownNames)],
      ['https://news.example/untitled', entryHash(untitled, 'https://news.example/untitled', 'en', ownNames)],
      ['https://news.example/edited', entryHash(edited, 'https://news.example/edited', 'en', ownNames)],
    ]);
    // The fingerprint covers what the derivation reads besides the entry: the source's names and the language.
    expect(entryHash(same, 'https://news.example/same', 'en', ['Other'])).not.toBe(first.entryHashes.get('https://news.example/same'));
    expect(entryHash(same, 'https://news.example/same', 'de', ownNames)).not.toBe(first.entryHashes.get('https://news.example/same'));

    const stored = new Map([
      ['https://news.example/same', { entryHash: first.entryHashes.get('https://news.example/same')!, title: 'Same' }],
      ['https://news.example/untitled', { entryHash: first.entryHashes.get('https://news.example/untitled')!, title: 'The stored title' }],
      ['https://news.example/edited', { entryHash: 'the fingerprint of an earlier version', title: 'Edited' }],
    ]);
    const again = harvestOf(entries, source, stored);
    expect(again.articles).toEqual([first.articles[2]]);
    expect([...again.entryHashes.keys()]).toEqual(['https://news.example/edited']);
    // The kept entries' news items are as before; an untitled entry's item takes its stored article's title.
    expect(again.items).toEqual([first.items[0], { ...first.items[1], title: 'The stored title' }, first.items[2]]);
    expect(again.headlinesOnly).toBe(0);
  });

  it(`keeps entries with under 120 words of content as headlines only, and counts them`, () => {
    const harvest = harvestOf([
      { guid: 'long', title: 'Long', link: 'https://news.example/long', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(125, 'long') },
      { guid: 'short', title: 'Short', link: 'https://news.example/short', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(100, 'short') },
      { guid: 'none', title: 'None', link: 'https://news.example/none', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', description: 'Only a line.' },
    ]);
    expect(harvest.articles.map((a) => [a.url, a.wordCount >= 120])).toEqual([['https://news.example/long', true]]);
    expect(harvest.items.map((i) => i.guid)).toEqual(['long', 'short', 'none']);
    expect(harvest.headlinesOnly).toBe(2);
    expect(harvest.pages).toEqual([]);
  });

  it('asks for the pages of those entries instead when the source is full-text', () => {
    const harvest = harvestOf(
      [
        { guid: 'long', title: 'Long', link: 'https://news.example/long', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', content: longBody(125, 'long') },
        { guid: 'none', title: 'None', link: 'https://news.example/none', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
      ],
      { ...source, fullText: true },
    );
    expect(harvest.headlinesOnly).toBe(0);
    expect(harvest.pages.map((p) => [p.guid, p.url])).toEqual([['none', 'https://news.example/none']]);
  });

  it('skips entries without a usable link, saying which, and repeats of a GUID', () => {
    const harvest = harvestOf([
      { guid: 'a', title: 'First', link: 'https://news.example/a', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
      { guid: 'a', title: 'Again', link: 'https://news.example/a2', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
      { guid: 'b', title: 'Mail', link: 'mailto:desk@news.example', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
      { guid: 'c', title: 'Script', link: 'javascript:alert(1)', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
      { guid: 'a', title: 'Thrice', link: 'https://news.example/a3', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' },
    ]);
    expect(harvest.items.map((i) => i.title)).toEqual(['First']);
    expect(harvest.errors).toEqual([
      'Skipped an entry without a link to a web page (http or https): "Mail".',
      'Skipped an entry without a link to a web page (http or https): "Script".',
      'Skipped 2 entries that repeat the GUID (or, without one, the link) of an earlier entry: the first is kept.',
    ]);
  });

  it(`reads the first ${MAX_ENTRIES.toLocaleString('en-US')} entries of a larger feed, and says so`, () => {
    const entries = Array.from({ length: MAX_ENTRIES + 5 }, (_, n) => ({ guid: `g${n}`, title: `Headline ${n}`, link: `https://news.example/${n}`, pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' }));
    const harvest = harvestOf(entries);
    expect(harvest.items).toHaveLength(MAX_ENTRIES);
    expect(harvest.items[MAX_ENTRIES - 1].title).toBe(`Headline ${MAX_ENTRIES - 1}`);
    expect(harvest.errors).toEqual([`The feed holds 10,005 entries; the first 10,000 were read (at most 10,000 a refresh).`]);
    expect(contentEntryUrls(feedOf(entries.map((entry) => ({ ...entry, content: longBody(130) }))), FEED_URL)).toHaveLength(MAX_ENTRIES);
  });

  it('cuts long titles and summaries between characters, never inside an emoji (a lone half was stored as U+FFFD)', () => {
    const emoji = '\u{1F600}';
    const harvest = harvestOf([
      { guid: 'e', title: `a${emoji.repeat(600)}`, link: 'https://news.example/emoji', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT', description: emoji.repeat(400), content: `${longBody(150, 'emoji')}<p>${emoji.repeat(400)}</p>` },
    ]);
    const [item] = harvest.items;
    const [article] = harvest.articles;
    // 1,000 code units at most: the 1,000th is the first half of an emoji, which goes with its second.
    expect(item.title).toBe(`a${emoji.repeat(499)}`);
    expect(article.title).toBe(item.title);
    expect(article.summary).toBe(`${emoji.repeat(149)}…`);
    for (const text of [item.title, article.title, article.summary, article.bodyText, article.body]) expect(text !== null && isWellFormed(text)).toBe(true);
  });

  it('drops control characters from titles, an escape sequence included', () => {
    const harvest = harvestOf([{ guid: 'e', title: 'Ctl \u0007\u009b2J title', link: 'https://news.example/e', pubDate: 'Wed, 20 Mar 2024 16:00:00 GMT' }]);
    expect(harvest.items.map((i) => i.title)).toEqual(['Ctl 2J title']);
  });
});

describe('publicationTime: a stated time is believed up to 15 minutes after the entry was read', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
  it.each([
    ['nothing stated', [], NOW],
    ['a past time', [at(-60)], at(-60)],
    ['a time within the tolerance', [at(15)], at(15)],
    ['a time past it', [at(16)], NOW],
    ['the first believable of several: a future published, a past updated', [at(60 * 24 * 365), at(-5)], at(-5)],
    ['the first of several believable ones', [null, at(-10), at(-5)], at(-10)],
    ['only future times', [at(20), at(30)], NOW],
  ])('%s', (_title, stated, expected) => {
    expect(publicationTime(NOW, ...(stated as (Date | null)[]))).toEqual(expected);
  });
});
