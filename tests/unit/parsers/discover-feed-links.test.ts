import { discoverFeedLinks } from '../../../src/ingest/parsers';

const PAGE_URL = 'https://news.example.test/world/article-1.html';

function page(head: string): string {
  return `<!DOCTYPE html><html><head><title>Article</title>${head}</head><body><p>Text</p></body></html>`;
}

describe('discoverFeedLinks', () => {
  it('finds RSS, Atom and JSON Feed links, in page order, with their titles', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" title="All news (RSS)" href="https://news.example.test/rss">
      <link rel="alternate" type="application/atom+xml" title="All news (Atom)" href="https://news.example.test/atom.xml">
      <link rel="alternate" type="application/feed+json" href="https://news.example.test/feed.json">`);
    expect(discoverFeedLinks(html, PAGE_URL)).toEqual([
      { url: 'https://news.example.test/rss', type: 'application/rss+xml', title: 'All news (RSS)' },
      { url: 'https://news.example.test/atom.xml', type: 'application/atom+xml', title: 'All news (Atom)' },
      { url: 'https://news.example.test/feed.json', type: 'application/feed+json', title: null },
    ]);
  });

  it('resolves relative hrefs against the page URL', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" href="/rss/world.xml">
      <link rel="alternate" type="application/atom+xml" href="feed.atom">
      <link rel="alternate" type="application/rss+xml" href="//cdn.example.test/all.rss">`);
    expect(discoverFeedLinks(html, PAGE_URL).map((link) => link.url)).toEqual([
      'https://news.example.test/rss/world.xml',
      'https://news.example.test/world/feed.atom',
      'https://cdn.example.test/all.rss',
    ]);
  });

  it('resolves hrefs against the page <base> when it has one', () => {
    const html = page('<base href="https://static.example.test/section/"><link rel="alternate" type="application/rss+xml" href="feed.xml">');
    expect(discoverFeedLinks(html, PAGE_URL).map((link) => link.url)).toEqual(['https://static.example.test/section/feed.xml']);
  });

  it('reads rel and type case-insensitively, rel as a token list, type without parameters', () => {
    const html = page(`
      <LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF="/a.rss">
      <link rel="alternate home" type="application/atom+xml" href="/b.atom">`);
    expect(discoverFeedLinks(html, PAGE_URL)).toEqual([
      { url: 'https://news.example.test/a.rss', type: 'application/rss+xml', title: null },
      { url: 'https://news.example.test/b.atom', type: 'application/atom+xml', title: null },
    ]);
  });

  it('leaves out links that are not feeds: other rels, other types, no href, non-http URLs', () => {
    const html = page(`
      <link rel="stylesheet" type="text/css" href="/style.css">
      <link rel="alternate" hreflang="de" href="/de/article-1.html">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
      <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
      <link rel="canonical" type="application/rss+xml" href="/not-alternate.rss">
      <link rel="alternate" type="application/rss+xml">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="/feed.rss">`);
    expect(discoverFeedLinks(html, PAGE_URL).map((link) => link.url)).toEqual(['https://news.example.test/feed.rss']);
  });

  it('lists a feed advertised twice once', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" title="News" href="/rss">
      <link rel="alternate" type="application/rss+xml" title="News again" href="https://news.example.test/rss">`);
    expect(discoverFeedLinks(html, PAGE_URL)).toEqual([{ url: 'https://news.example.test/rss', type: 'application/rss+xml', title: 'News' }]);
  });

  it('resolves against the first <base href> wherever it stands, as a browser does, and a relative one against the page URL', () => {
    const html = page('<link rel="alternate" type="application/rss+xml" href="feed.xml"><base href="/section/"><base href="https://other.example.test/">');
    expect(discoverFeedLinks(html, PAGE_URL).map((link) => link.url)).toEqual(['https://news.example.test/section/feed.xml']);
  });

  it('reads a page nested 100,000 deep in one pass, without a tree (a DOM overflowed its stack there after 40 s)', () => {
    const html = `${'<div>'.repeat(100_000)}<link rel="alternate" type="application/rss+xml" href="/deep.rss">${'</div>'.repeat(100_000)}`;
    expect(discoverFeedLinks(html, PAGE_URL).map((link) => link.url)).toEqual(['https://news.example.test/deep.rss']);
  });

  it('decodes character references in attributes', () => {
    const html = page('<link rel="alternate" type="application/rss+xml" title="News &amp; Views" href="/rss?a=1&amp;b=2">');
    expect(discoverFeedLinks(html, PAGE_URL)).toEqual([{ url: 'https://news.example.test/rss?a=1&b=2', type: 'application/rss+xml', title: 'News & Views' }]);
  });

  it('returns nothing for a page without feed links, and does not run its scripts', () => {
    const html = page('<script>globalThis.ran = true; document.write("<link rel=alternate type=application/rss+xml href=/x>")</script>');
    expect(discoverFeedLinks(html, PAGE_URL)).toEqual([]);
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
  });
});
