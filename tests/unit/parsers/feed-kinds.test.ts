/**
 * The kinds of feed that readers such as feedparser read and Newsline used to miss, each read from a file as
 * `newsline extract` reads it (readDocument, then the harvest): the fixtures under tests/fixtures/feeds, and
 * feedparser's own test feeds under tests/corpora/feedparser where one shows the kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { entryTitle } from '../../../src/ingest/entry-article';
import { harvestFeed } from '../../../src/ingest/harvest';
import { FeedParseError, readDocument } from '../../../src/ingest/parsers';
import type { ParsedFeed } from '../../../src/ingest/types';
import { corpusPath } from '../../helpers/corpora';

const NOW = new Date('2024-03-21T00:00:00Z');
const source = { name: '', language: null, fullText: false };

function fixture(name: string): Buffer {
  return fs.readFileSync(path.resolve(__dirname, '../../fixtures/feeds', name));
}

function feedparserFile(name: string): Buffer {
  return fs.readFileSync(corpusPath('feedparser', name));
}

/** The feed read from these bytes, as extract reads a file (its URL made up from the file name). */
function read(body: Buffer, name = 'feed.xml'): ParsedFeed {
  const document = readDocument(body, null, `https://local.invalid/${name}`);
  if (document.kind !== 'feed') throw new Error(`expected a feed; read ${document.kind}`);
  return document.feed;
}

function harvest(body: Buffer, name = 'feed.xml') {
  return harvestFeed(read(body, name), `https://local.invalid/${name}`, source, NOW);
}

describe('dates', () => {
  it('dates an Atom 0.3 entry by its <created>', () => {
    const { items } = harvest(fixture('atom03-created-base64.atom'));
    expect(items[0].publishedAt).toEqual(new Date('2004-03-02T14:30:00Z'));
  });

  it('dates an entry that states only <updated> by it', () => {
    const { items } = harvest(fixture('atom10-updated-base64.atom'));
    expect(items[0].publishedAt).toEqual(new Date('2024-03-20T12:00:00Z'));
  });

  it.each([
    ['wellformed/rss/item_dcterms_issued.xml'],
    ['wellformed/rss/item_dcterms_created.xml'],
  ])('dates an RSS item by its Dublin Core terms date (%s)', (file) => {
    expect(read(feedparserFile(file)).entries[0].publishedAt).toEqual(new Date('2003-12-31T10:14:55Z'));
  });
});

describe('content modes', () => {
  it('decodes Atom 0.3 content in mode="base64" into the article body', () => {
    const { articles } = harvest(fixture('atom03-created-base64.atom'));
    expect(articles).toHaveLength(1);
    expect(articles[0].body).toMatch(/^<p>The harbour board met on Tuesday\. harbour/);
  });

  it('decodes Atom 1.0 content of a binary media type (base64, RFC 4287 §4.1.3.3) that holds text', () => {
    const { articles } = harvest(fixture('atom10-updated-base64.atom'));
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ publishedAt: new Date('2024-03-20T12:00:00Z'), updatedAt: new Date('2024-03-20T12:00:00Z') });
    expect(articles[0].wordCount).toBeGreaterThan(120);
  });

  it('decodes a base64 Atom title', () => {
    expect(read(feedparserFile('wellformed/atom10/entry_title_base64.xml')).entries[0].title).toBe('Example <b>Atom</b>');
  });
});

describe('relative links', () => {
  it("resolves the body's links against the content's xml:base, not the entry's link", () => {
    const { articles } = harvest(fixture('atom10-xml-base.atom'));
    expect(articles[0].body).toContain('<img src="https://static.harbour.example.test/media/chart.png" alt="chart" />');
    expect(articles[0].body).toContain('href="https://static.harbour.example.test/board/minutes"');
  });

  it("resolves a summary's links against its inherited xml:base (feedparser's test)", () => {
    const entry = read(feedparserFile('wellformed/base/entry_summary_xml_base_inherit.xml')).entries[0];
    expect(entry.baseUrl).toBe('http://example.com/test/');
  });
});

describe('elements read', () => {
  const feed = read(fixture('rss-extension-elements.rss'));

  it('takes the item title over media:title, and itunes:summary when there is no description', () => {
    expect(feed.entries[0]).toMatchObject({ title: 'Episode 12: the board meets', summary: 'The board meets about the new quay.' });
  });

  it("takes the item's own description over an extension's of the same local name, and an inline xhtml:body as content", () => {
    expect(feed.entries[1].summary).toBe('The quay plans, in short.');
    expect(feed.entries[1].contentHtml).toMatch(/^<p>quay quay/);
  });

  it('takes <fullitem> as content', () => {
    expect(feed.entries[2].contentHtml).toMatch(/^<p>ferry ferry/);
  });

  it.each([
    ['wellformed/namespace/rss2.0noNSwithModulesLocalNameClash.xml'],
    ['wellformed/namespace/rss2.0NSwithModulesNoDefNSLocalNameClash.xml'],
    ['wellformed/namespace/rss1.0withModulesNoDefNSLocalNameClash.xml'],
  ])("reads the core description, not the extension's before it (%s)", (file) => {
    expect(read(feedparserFile(file)).entries[0].summary).toBe('correct description');
  });
});

describe('entities and encodings', () => {
  it('expands the plain-text entities an internal DTD subset declares', () => {
    const feed = read(fixture('rss-dtd-entities.rss'));
    expect(feed.title).toBe('Harbour Notes');
    // An entry's title is HTML; entryTitle reads it as the stored line of text.
    expect(entryTitle(feed.entries[0])).toBe('The board’s plan');
    expect(feed.entries[0]).toMatchObject({
      url: 'https://harbour.example.test/2024/03/plan',
      guid: 'Harbour Notes 2024-03 plan',
    });
  });

  it('reads Windows-1252 bytes and references in a feed that declares Latin-1 as the characters they are', () => {
    const feed = read(fixture('rss-latin1-windows-1252.rss'));
    expect(feed.title).toBe('Café News');
    expect(feed.entries[0].title).toBe('The chef’s “best” crème brûlée');
    const { articles, items } = harvest(fixture('rss-latin1-windows-1252.rss'));
    expect(items[0].title).toBe('The chef’s “best” crème brûlée');
    expect(articles).toHaveLength(0);
    expect(feed.entries[0].summary).toBe('Don&#146;t miss it &#150; &#147;really&#148;.');
  });

  it('reads character references in Atom text and xhtml as a browser does, Windows-1252 code points included', () => {
    const feed = read(fixture('atom10-character-references.atom'));
    expect(feed.title).toBe('Café News');
    expect(feed.entries[0]).toMatchObject({
      title: 'The chef’s plan',
      summary: 'Don’t miss it\u00a0– “really”.',
      contentHtml: '<p>It’s on – <a href="/menu?a=1&amp;b=2">the menu</a>.</p>',
    });
  });
});

describe('ill-formed feeds readers read', () => {
  it('reads a feed with bare ampersands whose last end tag is cut off', () => {
    const feed = read(fixture('rss-stray-ampersands.rss'));
    expect(feed.title).toBe('Fish & Chips Weekly');
    expect(feed.entries).toEqual([
      expect.objectContaining({
        title: 'Q&A: salt & vinegar',
        url: 'https://chips.example.test/story?id=7&section=food&ref=rss',
        guid: 'https://chips.example.test/story?id=7&section=food',
      }),
    ]);
  });

  it('reads a real feed cut off inside a tag up to that tag', () => {
    const whole = fs.readFileSync(corpusPath('feeds', 'input', 'guardian.rss'));
    const complete = read(whole).entries;
    // Cut inside the start tag of the last item's link.
    const cut = whole.subarray(0, whole.lastIndexOf('<link>') + 3);
    const entries = read(cut).entries;
    expect(entries).toHaveLength(complete.length);
    expect(entries.slice(0, -1)).toEqual(complete.slice(0, -1));
    expect(entries.at(-1)).toMatchObject({ title: complete.at(-1)!.title, url: null });
  });

  it('still refuses what is not a feed cut short, saying what the XML parser found', () => {
    const garbage = Buffer.from('<rss version="2.0"><channel><title>t</title><<<item <tit');
    expect(() => read(garbage)).toThrow(FeedParseError);
    expect(() => read(garbage)).toThrow(/^expected a well-formed RSS or Atom document; the XML parser reported: /);
  });

  it('reads a CDF channel (feedparser\'s test) as a feed, its items\' HREF, ABSTRACT and LASTMOD included', () => {
    const feed = read(feedparserFile('wellformed/base/cdf_item_abstract_xml_base.xml'));
    expect(feed).toMatchObject({ format: 'RSS', title: 'channel title' });
    expect(feed.entries).toEqual([
      expect.objectContaining({
        title: 'item title',
        url: 'http://base.example.org/item/1',
        summary: 'item abstract',
        updatedAt: new Date('2004-04-07T04:05:43Z'),
      }),
    ]);
  });
});
