import { JSDOM } from 'jsdom';
import { sanitizeHtml } from '../../../src/ingest/sanitize';
import { MAX_DEPTH, MAX_HTML_LENGTH } from '../../../src/ingest/sanitize/sanitize';

const BASE = 'https://news.example.com/world/article-1.html';

/** Tags that must never survive sanitizing, whatever the input. */
const UNSAFE_TAGS = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'svg', 'math', 'meta', 'link', 'base'];

/** Parses the output as a browser would and checks no element or attribute in it could run anything. */
function expectHarmless(html: string): void {
  const body = new JSDOM(`<!doctype html><body>${html}`).window.document.body;
  for (const element of Array.from(body.querySelectorAll('*'))) {
    expect(UNSAFE_TAGS).not.toContain(element.localName);
    for (const { name, value } of Array.from(element.attributes)) {
      expect(name).not.toMatch(/^on|^style$|^srcdoc$|^formaction$/i);
      if (['href', 'src', 'cite'].includes(name)) expect(new URL(value).protocol).toMatch(/^(https?|mailto):$/);
    }
  }
}

describe('sanitizeHtml keeps article structure', () => {
  it.each([
    ['paragraphs and inline emphasis', '<p>A <em>b</em> <strong>c</strong> <b>d</b> <i>e</i></p>', '<p>A <em>b</em> <strong>c</strong> <b>d</b> <i>e</i></p>'],
    ['headings', '<h2>Title</h2><h3>Sub</h3>', '<h2>Title</h2><h3>Sub</h3>'],
    ['lists', '<ul><li>a</li></ul><ol start="3"><li>b</li></ol>', '<ul><li>a</li></ul><ol start="3"><li>b</li></ol>'],
    ['tables', '<table><tr><th scope="col">h</th></tr><tr><td colspan="2">c</td></tr></table>', '<table><tr><th scope="col">h</th></tr><tr><td colspan="2">c</td></tr></table>'],
    ['figures', '<figure><img src="/i.jpg" alt="x"><figcaption>Cap</figcaption></figure>', '<figure><img src="https://news.example.com/i.jpg" alt="x" /><figcaption>Cap</figcaption></figure>'],
    ['quotes and code', '<blockquote cite="/src">Q</blockquote><pre><code>x = 1</code></pre>', '<blockquote cite="https://news.example.com/src">Q</blockquote><pre><code>x = 1</code></pre>'],
    ['relative links made absolute with rel', '<a href="../europe/2.html">x</a>', '<a href="https://news.example.com/europe/2.html" rel="noopener noreferrer nofollow">x</a>'],
    ['absolute links kept with rel, their own rel replaced', '<a href="https://other.example/" rel="author" target="_blank">x</a>', '<a href="https://other.example/" rel="noopener noreferrer nofollow">x</a>'],
    ['protocol-relative links get the base scheme', '<a href="//cdn.example.org/a">x</a>', '<a href="https://cdn.example.org/a" rel="noopener noreferrer nofollow">x</a>'],
    ['mailto links', '<a href="mailto:desk@example.com">mail</a>', '<a href="mailto:desk@example.com" rel="noopener noreferrer nofollow">mail</a>'],
    ['classes, ids and data attributes dropped', '<p class="lead" id="p1" data-x="1">t</p>', '<p>t</p>'],
    ['unknown inline tags unwrapped', '<p><font color="red">t</font><custom-el>u</custom-el></p>', '<p>tu</p>'],
    ['block wrappers outside the list become divs', '<header>a</header><aside>b</aside>', '<div>a</div><div>b</div>'],
    ['comments dropped', '<p>a<!-- secret -->b</p>', '<p>ab</p>'],
    ['an image without a usable source dropped', '<p>a<img alt="x">b</p>', '<p>ab</p>'],
  ])('%s', (_case, input, expected) => {
    expect(sanitizeHtml(input, BASE)).toBe(expected);
  });
});

// Vectors in the style of the OWASP XSS Filter Evasion Cheat Sheet.
describe('sanitizeHtml removes what could run', () => {
  it.each([
    ['a script element', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['a script with odd casing and attributes', '<SCRIPT SRC=//xss.example/xss.js></SCRIPT>ok', 'ok'],
    ['a script split by a null tag', '<scr<script>ipt>alert(1)</scr</script>ipt>', 'ipt&gt;alert(1)ipt&gt;'],
    ['a style element', '<style>body{background:url("javascript:alert(1)")}</style><p>a</p>', '<p>a</p>'],
    ['a style attribute', '<p style="background-image:url(javascript:alert(1))">a</p>', '<p>a</p>'],
    ['a CSS expression', '<div style="width: expression(alert(1));">a</div>', '<div>a</div>'],
    ['an event handler', '<img src="x.jpg" onerror="alert(1)">', '<img src="https://news.example.com/world/x.jpg" />'],
    ['an event handler in odd casing', '<p OnMouseOver="alert(1)">a</p>', '<p>a</p>'],
    ['a body onload', '<body onload=alert(1)><p>a</p></body>', '<p>a</p>'],
    ['an iframe', '<iframe src="https://evil.example/"></iframe><p>a</p>', '<p>a</p>'],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', ''],
    ['a frameset', '<frameset><frame src="javascript:alert(1)"></frameset>', ''],
    ['an object', '<object type="text/x-scriptlet" data="https://evil.example/x.html">fallback</object>', ''],
    ['an embed', '<embed src="data:image/svg+xml;base64,PHN2Zz4=">', ''],
    ['a form with inputs and buttons', '<form action="javascript:alert(1)"><input name="q"><button>Go</button>Label</form>', '<div>Label</div>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">a', 'a'],
    ['a base element', '<base href="javascript:alert(1)//"><a href="x">x</a>', '<a href="https://news.example.com/world/x" rel="noopener noreferrer nofollow">x</a>'],
    ['a link element', '<link rel="stylesheet" href="javascript:alert(1)">a', 'a'],
    ['an inline svg with a script', '<svg onload="alert(1)"><script>alert(1)</script></svg>a', 'a'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link in mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link with an embedded tab', '<a href="jav\tascript:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link with an encoded tab', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link with an encoded newline', '<a href="jav&#x0A;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link in decimal entities', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', '<a>x</a>'],
    // The parser reads references without ";" as text, so these become harmless relative links.
    ['a javascript: link in padded decimal entities without ;', '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>', '<a href="https://news.example.com/world/&amp;#0000106&amp;#0000097&amp;#0000118&amp;#0000097&amp;#0000115&amp;#0000099&amp;#0000114&amp;#0000105&amp;#0000112&amp;#0000116&amp;#0000058alert(1)" rel="noopener noreferrer nofollow">x</a>'],
    ['a javascript: link in hex entities with ;', '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link with leading spaces and control characters', '<a href=" &#14;  javascript:alert(1)">x</a>', '<a>x</a>'],
    ['a javascript: link with a named colon entity', '<a href="javascript&colon;alert(1)">x</a>', '<a>x</a>'],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>', '<a>x</a>'],
    ['a data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<a>x</a>'],
    ['a javascript: image', '<img src="javascript:alert(1)">', ''],
    ['a data: image', '<img src="data:image/png;base64,iVBORw0KGgo=">', ''],
    ['an image with a backtick source (a path, not a quote)', '<img src=`javascript:alert(1)`>', '<img src="https://news.example.com/world/%60javascript:alert(1)%60" />'],
    ['a javascript: blockquote cite', '<blockquote cite="javascript:alert(1)">q</blockquote>', '<blockquote>q</blockquote>'],
    ['a malformed a tag', '<a onmouseover="alert(document.cookie)">xxs link</a>', '<a>xxs link</a>'],
    ['a malformed img tag', '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', '"&gt;'],
    ['an unclosed script', '<script src=https://evil.example/xss.js?< B >', ''],
    ['a textarea breakout', '<textarea><script>alert(1)</script></textarea>a', 'a'],
    ['a noscript breakout', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ''],
    ['a template', '<template><img src=x onerror=alert(1)></template>a', 'a'],
  ])('%s', (_case, input, expected) => {
    const output = sanitizeHtml(input, BASE);
    expect(output).toBe(expected);
    expectHarmless(output);
  });
});

describe('sanitizeHtml on text without markup', () => {
  // Such text is not given to sanitize-html; what it would have made of it is what the same text followed by a
  // character reference (which it does parse) starts with.
  const pieces = ['a', ' ', '  ', '\n', '\r\n', '\t', '\0', '\u00a0', '"', "'", '=', '/', '\u2028', '\ufeff', '\ud800', '😀', '-', '?', ';', '#', 'é'];

  it('gives the text back trimmed, as sanitize-html does', () => {
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const text = a + b + c;
      expect(sanitizeHtml(text, BASE)).toBe(text.trim());
      expect(sanitizeHtml(`${text}&amp;`, BASE)).toBe(`${text.trimStart()}&amp;`);
    }
  });
});

describe('sanitizeHtml keeps at most MAX_HTML_LENGTH characters', () => {
  const paragraphs = (count: number) => Array.from({ length: count }, (_, n) => `<p>Paragraph ${n} with <b>bold &amp; plain</b> words and <a href="/p/${n}">a link</a>.</p>`).join('');

  it('cuts a longer body before a tag, and closes what the cut left open', () => {
    // 4,000 paragraphs (about 590,000 characters sanitized) in a <div>.
    const html = sanitizeHtml(`<div>${paragraphs(4000)}</div>`, BASE);
    // The cut and the end tags of what it left open (a <div>, a <p>, a <b> or an <a>) together.
    expect(html.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(html.length).toBeGreaterThan(MAX_HTML_LENGTH - 200);
    expect(html.startsWith('<div><p>Paragraph 0 with <b>bold &amp; plain</b>')).toBe(true);
    expect(html.endsWith('</div>')).toBe(true);
    // As a browser reads it: the same paragraphs, whole or cut before a tag, and nothing after the last.
    const body = new JSDOM(`<!doctype html><body>${html}`).window.document.body;
    expect(body.children).toHaveLength(1);
    const kept = Array.from(body.querySelectorAll('p'));
    expect(kept.length).toBeGreaterThan(2000); // of about 147 characters each, sanitized
    expect(kept.slice(0, -1).every((p, n) => p.textContent === `Paragraph ${n} with bold & plain words and a link.`)).toBe(true);
    expect(`Paragraph ${kept.length - 1} with bold & plain words and a link.`.startsWith(kept[kept.length - 1].textContent!)).toBe(true);
  });

  it('cuts one long text at a space, never inside a character reference', () => {
    const words = 'word &amp; '.repeat(60_000);
    const html = sanitizeHtml(`<p>${words}</p>`, BASE);
    expect(html.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(html).toMatch(/^<p>word &amp; word/);
    expect(html).toMatch(/ (word|&amp;)<\/p>$/);
    expect(html).not.toMatch(/&(?!amp;)/);
  });

  it('cuts plain text (no tag) at a space', () => {
    const text = 'plain '.repeat(100_000);
    const kept = sanitizeHtml(text, BASE);
    expect(kept.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(kept.length).toBeGreaterThan(MAX_HTML_LENGTH - 10);
    expect(kept).toMatch(/^(plain )+plain$/);
  });

  it('keeps elements MAX_DEPTH deep, drops deeper ones but for their text, and cuts a deep body to the limit, end tags included', () => {
    const depth = (html: string) => {
      let deepest = 0;
      let open = 0;
      for (const [, close] of html.matchAll(/<(\/?)[a-z]/g)) deepest = Math.max(deepest, (open += close ? -1 : 1));
      return deepest;
    };
    const nested = (levels: number, text: string) => `${'<b>'.repeat(levels)}${text}${'</b>'.repeat(levels)}`;
    expect(sanitizeHtml(nested(MAX_DEPTH, 'deep'), BASE)).toBe(nested(MAX_DEPTH, 'deep'));
    expect(sanitizeHtml(nested(MAX_DEPTH + 5, 'deeper'), BASE)).toBe(nested(MAX_DEPTH, 'deeper'));
    // 200,000 elements opened and never closed, with words among them: 1.2 MB of HTML.
    const hostile = sanitizeHtml('<b><i>words '.repeat(100_000), BASE);
    expect(depth(hostile)).toBe(MAX_DEPTH);
    expect(hostile.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(hostile.length).toBeGreaterThan(MAX_HTML_LENGTH - 2000);
    expect(hostile.endsWith('</i></b>'.repeat(MAX_DEPTH / 2))).toBe(true);
  });

  it('leaves a body of MAX_HTML_LENGTH characters as it is', () => {
    const html = `<p>${'x'.repeat(MAX_HTML_LENGTH - 7)}</p>`;
    expect(sanitizeHtml(html, BASE)).toBe(html);
  });
});
