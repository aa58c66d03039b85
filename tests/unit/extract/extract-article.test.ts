import { extractArticle } from '../../../src/ingest/extract';
import { InvalidUrlError } from '../../../src/domain/canonical-url';
import { MAX_ATTRIBUTES, MAX_ELEMENTS, MAX_PIECES, PageRefusedError } from '../../../src/ingest/extract/dom';
import { MAX_DEPTH } from '../../../src/ingest/sanitize/sanitize';

const PAGE_URL = 'https://news.example.com/world/story.html';

const PARAGRAPHS = [
  'The regional government approved a plan on Monday to expand the tram network into three new districts by the end of the decade.',
  'The plan foresees twelve kilometres of new track, nine new stops and a depot for forty additional vehicles on the site of a former freight yard.',
  'Officials said the project would be financed from the regional budget, national infrastructure funds and a loan from the European Investment Bank.',
  'Residents of the new districts have long complained that buses are overcrowded and that the journey to the centre takes more than an hour.',
];

/** A small article page: `head` goes into <head>, the story paragraphs (or `body`) into an <article>. */
function page({ head = '', body = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n'), lang = '' } = {}): string {
  return `<!DOCTYPE html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>Trams for three districts</title>${head}</head>
<body><div class="site"><a href="/">Home</a></div><article><h1>Trams for three districts</h1>${body}</article></body></html>`;
}

function jsonLd(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
}

describe('extractArticle metadata from JSON-LD', () => {
  const article = extractArticle(
    page({
      head: jsonLd({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebSite', '@id': 'https://news.example.com/#site', name: 'Example News' },
          { '@type': 'Person', '@id': 'https://news.example.com/#jane', name: 'Jane Doe' },
          {
            '@type': ['NewsArticle', 'Article'],
            headline: 'Trams to reach three new districts',
            datePublished: '2024-03-20T16:00:00+04:00',
            dateModified: '2024-03-21T08:30:00Z',
            author: [{ '@id': 'https://news.example.com/#jane' }, { '@type': 'Person', name: 'John Roe' }],
            articleSection: ['World', 'Transport'],
            keywords: 'trams, transport,  cities',
            inLanguage: 'en-GB',
            image: { '@type': 'ImageObject', url: '/images/tram.jpg' },
            publisher: { '@type': 'Organization', name: 'Example News' },
          },
        ],
      }) + '<meta property="og:title" content="OpenGraph title loses to JSON-LD">',
    }),
    PAGE_URL,
  );

  it.each([
    ['title', 'Trams to reach three new districts'],
    ['author', 'Jane Doe, John Roe'],
    ['category', 'World'],
    ['tags', ['trams', 'transport', 'cities']],
    ['language', 'en-gb'],
    ['imageUrl', 'https://news.example.com/images/tram.jpg'],
  ])('reads %s', (field, value) => {
    expect(article[field as keyof typeof article]).toEqual(value);
  });

  it('reads the dates with their offsets applied', () => {
    expect(article.publishedAt?.toISOString()).toBe('2024-03-20T12:00:00.000Z');
    expect(article.updatedAt?.toISOString()).toBe('2024-03-21T08:30:00.000Z');
  });

  it('finds the article in a top-level array of blocks too', () => {
    const found = extractArticle(page({ head: jsonLd([{ '@type': 'BreadcrumbList' }, { '@type': 'ReportageNewsArticle', headline: 'From an array' }]) }), PAGE_URL);
    expect(found.title).toBe('From an array');
  });

  it('picks the article that names the page over related ones', () => {
    const head = jsonLd([
      { '@type': 'NewsArticle', headline: 'A related story', url: 'https://news.example.com/world/other.html' },
      { '@type': 'NewsArticle', headline: 'This story', mainEntityOfPage: { '@id': `${PAGE_URL}#main` } },
    ]);
    expect(extractArticle(page({ head }), PAGE_URL).title).toBe('This story');
  });

  it('reads a JSON-LD string that escapes half a surrogate pair as text that can be stored (U+FFFD in its place)', () => {
    // JSON.stringify writes a lone surrogate as its escape, "\\ud83d", as a CMS would.
    const head = jsonLd({ '@type': 'NewsArticle', headline: 'Trams \ud83d for three districts', author: { '@type': 'Person', name: 'Ana \udc00 Silva' } });
    const found = extractArticle(page({ head }), PAGE_URL);
    expect([found.title, found.author]).toEqual(['Trams \ufffd for three districts', 'Ana \ufffd Silva']);
  });

  it('survives a broken JSON-LD block and reads the next one', () => {
    const head = '<script type="application/ld+json">{ "headline": </script>' + jsonLd({ '@type': 'BlogPosting', headline: 'Still read' });
    expect(extractArticle(page({ head }), PAGE_URL).title).toBe('Still read');
  });

  it('uses a complete JSON-LD articleBody when the page body has no story (rendered by scripts)', () => {
    const articleBody = PARAGRAPHS.join('\n').replace('European Investment Bank', 'European Investment Bank &amp; others');
    const found = extractArticle(page({ head: jsonLd({ '@type': 'NewsArticle', headline: 'x', articleBody }), body: '<div id="app"></div>' }), PAGE_URL);
    const expected = PARAGRAPHS.map((p) => p.replace('European Investment Bank', 'European Investment Bank & others'));
    expect(found.bodyText).toBe(expected.join('\n\n'));
    expect(found.body).toBe(expected.map((p) => `<p>${p.replace('&', '&amp;')}</p>`).join(''));
  });

  it('drops blocks a complete JSON-LD articleBody does not contain', () => {
    const promo = '<p>Our weekly podcast about life in the city is available on every platform you like to listen on.</p>';
    const body = PARAGRAPHS.slice(0, 2).map((p) => `<p>${p}</p>`).join('') + promo + PARAGRAPHS.slice(2).map((p) => `<p>${p}</p>`).join('');
    const found = extractArticle(page({ head: jsonLd({ '@type': 'NewsArticle', articleBody: PARAGRAPHS.join('\n') }), body }), PAGE_URL);
    expect(found.bodyText).toBe(PARAGRAPHS.join('\n\n'));
  });

  it('ignores a JSON-LD articleBody that is only a teaser', () => {
    const found = extractArticle(page({ head: jsonLd({ '@type': 'NewsArticle', articleBody: `${PARAGRAPHS[0]}…` }) }), PAGE_URL);
    expect(found.bodyText).toBe(PARAGRAPHS.join('\n\n'));
  });
});

describe('extractArticle metadata from OpenGraph and other meta', () => {
  const article = extractArticle(
    page({
      lang: 'de',
      head: `
        <meta property="og:title" content="Trams for three districts">
        <meta property="og:image" content="/img/og.jpg">
        <meta property="og:locale" content="en_GB">
        <meta property="article:published_time" content="2024-03-20T16:00:00+04:00">
        <meta property="article:modified_time" content="2024-03-20T18:00:00+04:00">
        <meta property="article:section" content="World">
        <meta property="article:tag" content="Trams"><meta property="article:tag" content="Cities">
        <meta name="author" content="By Jane Doe">
        <meta name="description" content="A short description of the tram plan.">`,
    }),
    PAGE_URL,
  );

  it.each([
    ['title', 'Trams for three districts'],
    ['imageUrl', 'https://news.example.com/img/og.jpg'],
    ['language', 'en-gb'],
    ['category', 'World'],
    ['tags', ['Trams', 'Cities']],
    ['author', 'Jane Doe'],
    ['summary', 'A short description of the tram plan.'],
  ])('reads %s', (field, value) => {
    expect(article[field as keyof typeof article]).toEqual(value);
  });

  it('reads article:published_time and article:modified_time with their offsets', () => {
    expect(article.publishedAt?.toISOString()).toBe('2024-03-20T12:00:00.000Z');
    expect(article.updatedAt?.toISOString()).toBe('2024-03-20T14:00:00.000Z');
  });

  it('falls back to <html lang>, <time datetime> and the first sentences', () => {
    const body = `<time datetime="2024-03-20T16:00:00+04:00">16:00 20.03.2024</time>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`;
    const plain = extractArticle(page({ lang: 'uk-UA', body }), PAGE_URL);
    expect(plain.language).toBe('uk-ua');
    expect(plain.publishedAt?.toISOString()).toBe('2024-03-20T12:00:00.000Z');
    expect(plain.summary).toBe(`${PARAGRAPHS[0]} ${PARAGRAPHS[1]}`);
    expect(plain.title).toBe('Trams for three districts');
  });
});

describe('extractArticle URL', () => {
  it('uses the canonical link, made canonical', () => {
    const head = '<link rel="canonical" href="/world/trams.html?utm_source=rss&id=7#top">';
    expect(extractArticle(page({ head }), PAGE_URL).url).toBe('https://news.example.com/world/trams.html?id=7');
  });

  it('uses the page URL, made canonical, without a canonical link', () => {
    expect(extractArticle(page(), 'HTTPS://News.Example.com:443/world/story.html?fbclid=x').url).toBe(PAGE_URL);
  });

  it('ignores a canonical link that is not http(s)', () => {
    expect(extractArticle(page({ head: '<link rel="canonical" href="javascript:void(0)">' }), PAGE_URL).url).toBe(PAGE_URL);
  });

  it('refuses a page URL that is not http(s)', () => {
    expect(() => extractArticle(page(), 'file:///etc/passwd')).toThrow(InvalidUrlError);
  });
});

describe('extractArticle body', () => {
  const body = `
    <p>${PARAGRAPHS[0]} <a href="/related/1.html" onclick="steal()">More on trams</a></p>
    <script>document.write('<p>written by a script</p>')</script>
    <style>p { color: red }</style>
    <iframe src="https://ads.example.net/frame"></iframe>
    <p style="font-weight:bold">${PARAGRAPHS[1]}</p>
    <p>${PARAGRAPHS[2]} <img src="/img/a.jpg" onerror="steal()"></p>
    <p>${PARAGRAPHS[3]}</p>`;
  const article = extractArticle(page({ body }), PAGE_URL);

  it('removes scripts, styles, iframes, handlers and style attributes', () => {
    // Each removed element leaves the line break and indentation around it.
    expect(article.body).toBe(
      '<div><article>\n' +
        `    <p>${PARAGRAPHS[0]} <a href="https://news.example.com/related/1.html" rel="noopener noreferrer nofollow">More on trams</a></p>\n` +
        '    \n    \n    \n' +
        `    <p>${PARAGRAPHS[1]}</p>\n` +
        `    <p>${PARAGRAPHS[2]} <img src="https://news.example.com/img/a.jpg" /></p>\n` +
        `    <p>${PARAGRAPHS[3]}</p></article></div>`,
    );
  });

  it('makes links and images absolute and marks links', () => {
    expect(article.body).toContain('<a href="https://news.example.com/related/1.html" rel="noopener noreferrer nofollow">More on trams</a>');
    expect(article.body).toContain('<img src="https://news.example.com/img/a.jpg" />');
    expect(article.imageUrl).toBe('https://news.example.com/img/a.jpg');
  });

  it('gives the text paragraph by paragraph and counts its words', () => {
    expect(article.bodyText?.split('\n\n')).toHaveLength(4);
    expect(article.wordCount).toBe(PARAGRAPHS.join(' ').split(/\s+/).length + 3);
  });

  /** What extractArticle finds in a page that has nothing but `found`. */
  const nothingBut = (found: Partial<ReturnType<typeof extractArticle>>) => ({
    url: PAGE_URL, title: null, summary: null, body: null, bodyText: null, author: null, category: null, tags: [], language: null,
    imageUrl: null, publishedAt: null, updatedAt: null, attribution: null, wordCount: 0, ...found,
  });

  it.each([
    ['an empty string', '', nothingBut({})],
    ['a page without a body', '<html><head><title>x</title></head></html>', nothingBut({ title: 'x' })],
    ['plain text', 'just some words', nothingBut({ body: '<div>just some words</div>', bodyText: 'just some words', summary: 'just some words', wordCount: 3 })],
    // The HTML parser drops NUL (which PostgreSQL cannot store) and keeps the rest as text, with no word in it.
    ['binary noise', '\u0000\u0001\u0002<<<>>>\uFFFD', nothingBut({ body: '<div>\u0001\u0002&lt;&lt;&lt;&gt;&gt;&gt;\uFFFD</div>', bodyText: '\u0001\u0002<<<>>>\uFFFD', summary: '\u0001\u0002<<<>>>\uFFFD' })],
  ])('does not throw on %s', (_case, html, expected) => {
    expect(extractArticle(html, PAGE_URL)).toEqual(expected);
  });

  it('is deterministic', () => {
    expect(extractArticle(page({ body }), PAGE_URL)).toEqual(article);
  });

  it.each([
    ['closed', (n: number) => `${'<div>'.repeat(n)}${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(n)}`],
    ['never closed', (n: number) => `${'<div><span>'.repeat(n / 2)}${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`],
  ])('reads a page nested %s to the depth a browser builds, and refuses one nested deeper', (_case, nested) => {
    // <html>, <body> and <article> count too.
    expect(extractArticle(page({ body: nested(MAX_DEPTH - 4) }), PAGE_URL).bodyText).toBe(PARAGRAPHS.join('\n\n'));
    expect(() => extractArticle(page({ body: nested(100_000) }), PAGE_URL)).toThrow(
      new PageRefusedError(`expected an HTML page whose elements nest at most ${MAX_DEPTH} deep; this one nests deeper`),
    );
  });

  it('reads a page of many elements, and refuses one of more than a browser page holds', () => {
    const links = (n: number) => `${'<a href="/x">link</a> '.repeat(n)}${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`;
    expect(extractArticle(page({ body: links(1_000) }), PAGE_URL).bodyText).toContain(PARAGRAPHS[3]);
    expect(() => extractArticle(page({ body: links(100_000) }), PAGE_URL)).toThrow(
      new PageRefusedError(`expected an HTML page of at most ${MAX_ELEMENTS} elements; this one has more`),
    );
  });

  it('reads elements of many attributes, and refuses an element of more than a page needs', () => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => `data-a${i}="${i}"`).join(' ');
    const withAttributes = (n: number) => `<div ${attributes(n)}>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</div>`;
    expect(extractArticle(page({ body: withAttributes(MAX_ATTRIBUTES - 1) }), PAGE_URL).bodyText).toBe(PARAGRAPHS.join('\n\n'));
    expect(() => extractArticle(page({ body: withAttributes(MAX_ATTRIBUTES + 1) }), PAGE_URL)).toThrow(
      new PageRefusedError(`expected an HTML page whose elements have at most ${MAX_ATTRIBUTES} attributes each; one has more`),
    );
  });

  it.each([
    // Each character reference is a run of text of its own; so is the text between two.
    ['character references', (n: number) => `<p>${'&amp;'.repeat(n)}</p>`],
    ['comments', (n: number) => `<p>${'<!---->'.repeat(n)}</p>`],
    ['attributes, a few an element', (n: number) => '<i a b c d e></i>'.repeat(Math.ceil(n / 5))],
  ])('refuses a page of more runs of text, comments and attributes than MAX_PIECES: %s', (_case, pieces) => {
    const refused = new PageRefusedError(
      `expected an HTML page of at most ${MAX_PIECES} runs of text, comments and attributes (each character reference counts as one); this one has more`,
    );
    const body = (n: number) => `${pieces(n)}${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`;
    expect(extractArticle(page({ body: body(MAX_PIECES / 2) }), PAGE_URL).bodyText).toContain(PARAGRAPHS[3]);
    expect(() => extractArticle(page({ body: body(MAX_PIECES + 1) }), PAGE_URL)).toThrow(refused);
  });

  it('reads a page without <html> or <body> as a browser does, inside them', () => {
    expect(extractArticle(`<title>Trams</title>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`, PAGE_URL).bodyText).toBe(PARAGRAPHS.join('\n\n'));
  });
});
