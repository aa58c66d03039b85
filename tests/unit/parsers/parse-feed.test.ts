import fs from 'node:fs';
import path from 'node:path';
import { FeedParseError, parseFeed } from '../../../src/ingest/parsers';
import { entryTitle } from '../../../src/ingest/entry-article';
import { ParsedEntry } from '../../../src/ingest/types';

const FEED_URL = 'https://news.example.test/feeds/world.xml';

function parse(document: string, contentType: string | null = null) {
  return parseFeed(Buffer.from(document), contentType, FEED_URL);
}

/** The FeedParseError that parsing `document` throws, as its name and message; fails when it throws something else or nothing. */
function refusal(document: string, contentType: string): { name: string; message: string } {
  try {
    parse(document, contentType);
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    return { name: error.name, message: error.message };
  }
  throw new Error('expected a FeedParseError; the document was parsed');
}

const NO_ENTRY: ParsedEntry = {
  guid: null, title: null, url: null, publishedAt: null, updatedAt: null, author: null,
  summary: null, contentHtml: null, categories: [], imageUrl: null,
};

describe('parseFeed: RSS 2.0', () => {
  const feed = parse(`<?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
         xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
      <channel>
        <title>Newsline World</title>
        <link>/world/</link>
        <language>en-gb</language>
        <category>News</category>
        <item>
          <title>Talks resume &amp; markets rally</title>
          <link>/world/talks-resume</link>
          <guid isPermaLink="false">article-1042</guid>
          <pubDate>Wed, 20 Mar 2024 16:00:00 +0400</pubDate>
          <dc:creator>Jane Doe</dc:creator>
          <category>World</category><category>Politics</category><category>World</category>
          <description><![CDATA[<p>Short <b>summary</b> about &lt;code&gt;</p>]]></description>
          <content:encoded><![CDATA[<p>Full text with a <code>&lt;div&gt;</code> example.</p>]]></content:encoded>
          <enclosure url="/img/talks.jpg" type="image/jpeg" length="1234"/>
        </item>
        <item>
          <title>Second</title>
          <guid>https://news.example.test/world/second?a=1&amp;region=eu</guid>
          <media:thumbnail url="https://cdn.example.test/second.jpg"/>
          <description>Escaped &lt;b&gt;HTML&lt;/b&gt; from AT&amp;amp;T</description>
        </item>
        <item>
          <title>Episode 1</title>
          <link>javascript:alert(1)</link>
          <itunes:image href="https://cdn.example.test/ep1.jpg"/>
        </item>
      </channel>
    </rss>`);

  it('reads the channel, relative links resolved against the feed URL', () => {
    expect({ ...feed, entries: feed.entries.length }).toEqual({
      format: 'RSS', title: 'Newsline World', homepageUrl: 'https://news.example.test/world/', language: 'en-gb', entries: 3,
    });
  });

  it('maps an item with every field', () => {
    expect(feed.entries[0]).toEqual({
      guid: 'article-1042',
      title: 'Talks resume & markets rally',
      url: 'https://news.example.test/world/talks-resume',
      publishedAt: new Date('2024-03-20T12:00:00Z'),
      updatedAt: null,
      author: 'Jane Doe',
      // HTML is decoded once, as XML: escaped text in it stays escaped.
      summary: '<p>Short <b>summary</b> about &lt;code&gt;</p>',
      contentHtml: '<p>Full text with a <code>&lt;div&gt;</code> example.</p>',
      categories: ['World', 'Politics'],
      imageUrl: 'https://news.example.test/img/talks.jpg',
    });
  });

  it('takes a permalink guid as the URL, keeps the guid verbatim and does not lend channel categories', () => {
    expect(feed.entries[1]).toEqual({
      ...NO_ENTRY,
      guid: 'https://news.example.test/world/second?a=1&region=eu',
      title: 'Second',
      url: 'https://news.example.test/world/second?a=1&region=eu',
      summary: 'Escaped <b>HTML</b> from AT&amp;T',
      imageUrl: 'https://cdn.example.test/second.jpg',
    });
  });

  it('drops a link that is not http(s) and reads an itunes:image', () => {
    expect(feed.entries[2]).toEqual({ ...NO_ENTRY, title: 'Episode 1', imageUrl: 'https://cdn.example.test/ep1.jpg' });
  });
});

describe('parseFeed: RSS 1.0 and 0.91', () => {
  it('reads RSS 1.0 (RDF): items beside the channel, dc:date, rdf:about as the guid', () => {
    const feed = parse(`<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://news.example.test/"><title>RDF news</title><link>https://news.example.test/</link></channel>
        <item rdf:about="https://news.example.test/1">
          <title>One</title><link>https://news.example.test/1</link>
          <dc:date>2017-06-15T10:29:47-07:00</dc:date><dc:subject>Science</dc:subject>
        </item>
      </rdf:RDF>`);
    expect(feed.format).toBe('RSS');
    expect(feed.entries).toEqual([{
      ...NO_ENTRY, guid: 'https://news.example.test/1', title: 'One', url: 'https://news.example.test/1',
      publishedAt: new Date('2017-06-15T17:29:47Z'), categories: ['Science'],
    }]);
  });

  it('reads RSS 0.91 with its Netscape DOCTYPE and HTML entities the DTD would define', () => {
    const feed = parse(`<?xml version="1.0" encoding="ISO-8859-1"?>
      <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
      <rss version="0.91"><channel><title>Caf&eacute; news</title><link>https://news.example.test/</link>
        <item><title>Men&uacute; &amp; more&hellip;</title><link>https://news.example.test/menu</link></item>
      </channel></rss>`);
    expect(feed.title).toBe('Café news');
    expect(feed.entries.map((entry) => [entryTitle(entry), entry.url])).toEqual([['Menú & more…', 'https://news.example.test/menu']]);
  });
});

describe('parseFeed: Atom', () => {
  const feed = parse(`<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="de" xml:base="/blog/">
      <title>Blog</title>
      <link rel="self" href="feed.atom"/>
      <link rel="alternate" href="./"/>
      <author><name>Feed Author</name></author>
      <entry>
        <id>tag:news.example.test,2024:1</id>
        <title type="html">A &amp;amp; B</title>
        <link rel="related" href="https://other.example.test/"/>
        <link rel="alternate" type="text/html" href="posts/1"/>
        <published>2024-03-20T16:00:00+04:00</published>
        <updated>2024-03-21T08:00:00Z</updated>
        <category term="tech" label="Technology"/>
        <summary>Plain &lt;text&gt; summary</summary>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="lead">Hello <code>&lt;div&gt;</code><br/><img src="a.png"/></p></div></content>
        <media:thumbnail url="thumb.jpg"/>
      </entry>
      <entry xml:base="https://static.example.test/posts/">
        <id>2</id>
        <title>Second</title>
        <link href="2.html"/>
        <updated>2024-03-22T00:00:00Z</updated>
        <author><name>Entry Author</name></author>
        <content type="html">&lt;p&gt;AT&amp;amp;T &amp;lt;3&lt;/p&gt;</content>
      </entry>
      <entry>
        <id>3</id>
        <title>Third</title>
        <link rel="enclosure" type="audio/mpeg" href="https://cdn.example.test/3.mp3"/>
        <content>plain text, &lt;b&gt; is not a tag</content>
      </entry>
    </feed>`);

  it('reads the feed, its xml:base resolved against the feed URL', () => {
    expect({ ...feed, entries: feed.entries.length }).toEqual({
      format: 'ATOM', title: 'Blog', homepageUrl: 'https://news.example.test/blog/', language: 'de', entries: 3,
    });
  });

  it('maps an entry: rel=alternate link, both dates, inherited author, text summary escaped, xhtml content', () => {
    expect(feed.entries[0]).toEqual({
      guid: 'tag:news.example.test,2024:1',
      // The title as HTML: type="html" holds `A &amp; B`, which entryTitle reads as "A & B".
      title: 'A &amp; B',
      url: 'https://news.example.test/blog/posts/1',
      publishedAt: new Date('2024-03-20T12:00:00Z'),
      updatedAt: new Date('2024-03-21T08:00:00Z'),
      author: 'Feed Author',
      summary: 'Plain &lt;text&gt; summary',
      contentHtml: '<p class="lead">Hello <code>&lt;div&gt;</code><br><img src="a.png"></p>',
      categories: ['Technology'],
      imageUrl: 'https://news.example.test/blog/thumb.jpg',
      // The feed's xml:base, which a.png resolves against (not the entry's link, posts/1).
      baseUrl: 'https://news.example.test/blog/',
    });
  });

  it('resolves against an entry xml:base, takes a link without rel as alternate and html content as is', () => {
    expect(feed.entries[1]).toEqual({
      ...NO_ENTRY,
      guid: '2',
      title: 'Second',
      url: 'https://static.example.test/posts/2.html',
      updatedAt: new Date('2024-03-22T00:00:00Z'),
      author: 'Entry Author',
      contentHtml: '<p>AT&amp;T &lt;3</p>',
      baseUrl: 'https://static.example.test/posts/',
    });
  });

  it('falls back to the first link when none is alternate, and escapes text content', () => {
    expect(feed.entries[2]).toMatchObject({ url: 'https://cdn.example.test/3.mp3', contentHtml: 'plain text, &lt;b&gt; is not a tag' });
  });

  it('reads Atom 0.3: issued, modified and escaped content', () => {
    const old = parse(`<?xml version="1.0"?>
      <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
        <link rel="alternate" type="text/html" href="https://news.example.test/"/>
        <entry><title>Legacy</title><link rel="alternate" type="text/html" href="https://news.example.test/legacy"/>
          <id>tag:news.example.test,2005:legacy</id><issued>2005-07-31T12:29:29Z</issued><modified>2005-08-01T08:00:00Z</modified>
          <content type="text/html" mode="escaped">&lt;p&gt;Hi&lt;/p&gt;</content></entry>
      </feed>`);
    expect(old.format).toBe('ATOM');
    expect(old.entries[0]).toMatchObject({
      url: 'https://news.example.test/legacy',
      publishedAt: new Date('2005-07-31T12:29:29Z'),
      updatedAt: new Date('2005-08-01T08:00:00Z'),
      contentHtml: '<p>Hi</p>',
    });
  });
});

describe('parseFeed: JSON Feed', () => {
  const fixture = fs.readFileSync(path.resolve(__dirname, '../../fixtures/feeds/json-feed-1.1.json'));
  const feed = parseFeed(fixture, 'application/feed+json', 'https://news.example.test/world/feed.json');

  it('reads a JSON Feed 1.1', () => {
    expect({ ...feed, entries: feed.entries.length }).toEqual({
      format: 'JSON_FEED', title: 'Newsline World', homepageUrl: 'https://news.example.test/world/', language: 'en-gb', entries: 3,
    });
    expect(feed.entries[0]).toEqual({
      guid: 'https://news.example.test/world/talks-resume',
      title: 'Talks resume as markets rally',
      url: 'https://news.example.test/world/talks-resume',
      publishedAt: new Date('2024-03-20T12:00:00Z'),
      updatedAt: new Date('2024-03-20T14:30:00Z'),
      author: 'Jane Doe, John Roe',
      summary: 'Negotiators return to the table; stocks &amp; bonds gain.',
      contentHtml: '<p>Negotiators returned to the table on Wednesday.</p>',
      categories: ['World', 'Diplomacy'],
      imageUrl: 'https://news.example.test/img/talks.jpg',
    });
  });

  it('takes external_url, a numeric id, escaped content_text, an image attachment and the feed authors', () => {
    expect(feed.entries[1]).toEqual({
      ...NO_ENTRY,
      guid: '1043',
      title: 'Read also: what the talks mean',
      url: 'https://www.politico.example/story',
      publishedAt: new Date('2024-03-19T09:15:00Z'),
      author: 'Newsline Desk',
      contentHtml: 'Plain text with &lt;angle brackets&gt; &amp; an ampersand.\nSecond line.',
      imageUrl: 'https://cdn.example.test/1043.jpg',
    });
    expect(feed.entries[2]).toMatchObject({ guid: 'no-url', title: null, url: null });
  });

  it('reads its title as one line of text, as an RSS or Atom title: markup-looking text kept, whitespace and control characters not', () => {
    const titled = (title: string) => parse(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title, items: [] }), 'application/feed+json').title;
    expect(titled('JF \u001b[2J\u009b31m  <b>chan</b>\n & co')).toBe('JF [2J31m <b>chan</b> & co');
    expect(titled(' \u0007 ')).toBeNull();
  });

  it('reads JSON Feed 1.0 (author object) served as application/json', () => {
    const v1 = parse(JSON.stringify({
      version: 'https://jsonfeed.org/version/1', title: 'v1', author: { name: 'Old Author' },
      items: [{ id: 'a', url: '/a', content_text: 'x', date_published: '2020-01-01T00:00:00-05:00' }, 'not an item'],
    }), 'application/json');
    expect(v1.entries).toEqual([{
      ...NO_ENTRY, guid: 'a', url: 'https://news.example.test/a', contentHtml: 'x',
      publishedAt: new Date('2020-01-01T05:00:00Z'), author: 'Old Author',
    }]);
  });

  it('keeps an item id past 2^53 as written, so that two such items stay two entries', () => {
    // JSON.parse reads both ids as 9007199254740992; "id" as a key in a string's text, and other big numbers, change nothing.
    const text = `{"version": "https://jsonfeed.org/version/1.1", "title": "big ids", "size": 123456789012345678901,
      "items": [{"id": 9007199254740993, "url": "/a", "content_text": "\\"id\\": 9007199254740995"},
                {"id" : 9007199254740992, "url": "/b"}, {"id": 42, "url": "/c"}, {"id": "12345678901234567890", "url": "/d"}]}`;
    const feed = parse(text, 'application/feed+json');
    expect(feed.entries.map((entry) => [entry.guid, entry.url, entry.contentHtml])).toEqual([
      ['9007199254740993', 'https://news.example.test/a', '&quot;id&quot;: 9007199254740995'],
      ['9007199254740992', 'https://news.example.test/b', null],
      ['42', 'https://news.example.test/c', null],
      ['12345678901234567890', 'https://news.example.test/d', null],
    ]);
  });

  it('reads a string that escapes half a surrogate pair as text that can be stored: U+FFFD in its place, pairs kept', () => {
    const text = String.raw`{"version": "https://jsonfeed.org/version/1.1", "title": "T \ud800 x", "authors": [{"name": "A\udfff"}],
      "items": [{"id": "\udc00", "url": "/a", "title": "Lone \uD83D half, pair \ud83d\ude80", "tags": ["\ud800"], "content_text": "w \ud83d z"}]}`;
    const feed = parse(text, 'application/feed+json');
    expect([feed.title, feed.entries]).toEqual(['T \ufffd x', [{
      ...NO_ENTRY, guid: '\ufffd', url: 'https://news.example.test/a', title: 'Lone \ufffd half, pair \u{1F680}', author: 'A\ufffd',
      categories: ['\ufffd'], contentHtml: 'w \ufffd z',
    }]]);
  });

  it('reads a deeply nested JSON Feed with such an escape without running out of stack', () => {
    const depth = 200_000;
    const text = `{"version": "https://jsonfeed.org/version/1.1", "title": "\\ud800", "x": ${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}, "items": []}`;
    expect(parse(text, 'application/feed+json').title).toBe('\ufffd');
  });

  it('reads a feed with a big id and a key given twice as JSON.parse does (the last value), rather than refusing it', () => {
    const text = '{"version": "https://jsonfeed.org/version/1.1", "title": "first", "title": "second", "items": [{"id": 9007199254740993, "url": "/a"}]}';
    const feed = parse(text, 'application/feed+json');
    expect([feed.title, feed.entries.map((entry) => entry.guid)]).toEqual(['second', ['9007199254740992']]);
  });

  it.each([
    ['JSON that is cut off', '{"version": "https://jsonfeed.org/version/1.1", "items": [', 'expected a JSON Feed; the document is not JSON (Unexpected end of JSON input)'],
    ['a version that is not a JSON Feed URL', '{"version": "1.1", "items": []}', 'expected a JSON Feed "version" of https://jsonfeed.org/version/1 or /1.1; got "1.1"'],
    ['no version', '{"items": []}', 'expected a JSON Feed "version" of https://jsonfeed.org/version/1 or /1.1; got nothing'],
    ['items that are not an array', '{"version": "https://jsonfeed.org/version/1", "items": {}}', 'expected a JSON Feed "items" array; got an object'],
    ['no items', '{"version": "https://jsonfeed.org/version/1"}', 'expected a JSON Feed "items" array; got nothing'],
  ])('refuses %s with a FeedParseError saying what was expected', (_, json, message) => {
    expect(refusal(json, 'application/feed+json')).toEqual({ name: 'FeedParseError', message });
  });
});

describe('parseFeed: documents that are not feeds, and broken ones', () => {
  it.each([
    ['an HTML page', '<!DOCTYPE html><html><head><title>Home</title></head></html>', 'expected an RSS, Atom or JSON Feed document; got HTML'],
    ['an empty body', '', 'expected an RSS, Atom or JSON Feed document; got an empty document'],
    ['plain text', 'Service Unavailable', 'expected an RSS, Atom or JSON Feed document; got a document starting with "Service Unavailable"'],
    ['an OPML file', '<opml version="2.0"><body/></opml>', 'expected an RSS, Atom or JSON Feed document; got a document starting with "<opml version=\\"2.0\\"><body/></opml>"'],
    ['RSS without a channel', '<rss version="2.0"><item><title>a</title></item></rss>', 'expected a well-formed RSS or Atom document; the XML parser reported: The RSS feed does not have a channel element'],
    ['an unclosed CDATA section', '<rss version="2.0"><channel><item><description><![CDATA[abc</description></item></channel></rss>', 'expected a well-formed RSS or Atom document; the XML parser reported: CDATA is not closed.'],
    ['a broken attribute', '<rss version="2.0><channel><title>t</title></channel></rss>', 'expected a well-formed RSS or Atom document; the XML parser reported: readTagExp returned undefined at position 0. Context: "<rss xml:base=\"https://news.example.test/feeds/wor"'],
  ])('refuses %s with a FeedParseError', (_, document, message) => {
    expect(refusal(document, 'application/rss+xml')).toEqual({ name: 'FeedParseError', message });
  });

  it('tolerates what readers tolerate: mismatched end tags, bare ampersands, a feed cut off after an item', () => {
    const feed = parse(`<rss version="2.0"><channel><title>Fish & Chips</title>
      <item><title>Q&A</titl><link>https://news.example.test/qa?a=1&b=2</link></item>
      <item><title>Cut</title><link>https://news.example.test/cut</link></item>`);
    expect(feed.title).toBe('Fish & Chips');
    expect(feed.entries.map((entry) => entry.url)).toEqual(['https://news.example.test/qa?a=1&b=2', 'https://news.example.test/cut']);
  });
});

describe('titles: what was escaped in the feed stays text, what was markup goes', () => {
  const atom = (title: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>${title}<link href="https://news.example.test/1"/></entry></feed>`;
  const rss = (title: string) => `<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>https://news.example.test/1</link></item></channel></rss>`;
  const json = (title: string) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: '1', url: 'https://news.example.test/1', title }] });

  it.each([
    ['Atom type="text": escaped angle brackets are text', atom('<title type="text">Use the &lt;img&gt; tag &amp; the &lt;b&gt; tag</title>'), 'Use the <img> tag & the <b> tag'],
    ['Atom without a type (text)', atom('<title>5 &lt; 6 &amp;&amp; 7 &gt; 2</title>'), '5 < 6 && 7 > 2'],
    ['Atom type="html": markup goes, escaped markup stays', atom('<title type="html">&lt;b&gt;Bold&lt;/b&gt; and the &amp;lt;img&amp;gt; tag</title>'), 'Bold and the <img> tag'],
    ['RSS: an escaped tag in the HTML title is text', rss('How to use the &amp;lt;img&amp;gt; tag'), 'How to use the <img> tag'],
    ['RSS: markup in the HTML title goes', rss('&lt;b&gt;Breaking&lt;/b&gt;: talks resume'), 'Breaking: talks resume'],
    ['RSS: AT&amp;amp;T', rss('AT&amp;amp;T and Verizon'), 'AT&T and Verizon'],
    ['JSON Feed: the title is plain text', json('Why 1 < 2 and <img> tags matter &amp; more'), 'Why 1 < 2 and <img> tags matter &amp; more'],
  ])('%s', (_title, document, expected) => {
    expect(parse(document).entries.map(entryTitle)).toEqual([expected]);
  });

  // The channel's title (a source's name when none is given) reads as its entries' titles do.
  it.each([
    ['RSS: markup in the HTML title goes', '<rss version="2.0"><channel><title>AT&amp;amp;T &lt;b&gt;News&lt;/b&gt;</title><item><title>x</title><link>https://news.example.test/1</link></item></channel></rss>', 'AT&T News'],
    ['RSS: an escaped tag is text', '<rss version="2.0"><channel><title>The &amp;lt;img&amp;gt; desk</title></channel></rss>', 'The <img> desk'],
    ['Atom type="html"', '<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;i&gt;Blog&lt;/i&gt; of the &amp;lt;b&amp;gt; tag</title></feed>', 'Blog of the <b> tag'],
    ['Atom type="text"', '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Use the &lt;img&gt; tag</title></feed>', 'Use the <img> tag'],
    ['RSS: the channel\'s own title, not its image\'s', '<rss version="2.0"><channel><image><title>Logo</title></image><title>Desk</title></channel></rss>', 'Desk'],
  ])('the channel title, %s', (_title, document, expected) => {
    expect(parse(document).title).toBe(expected);
  });
});
