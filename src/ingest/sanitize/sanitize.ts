import sanitize from 'sanitize-html';
import { readWebUrl } from '../../domain/web-url';
import { cutText } from '../../domain/cut-text';

/** Tags an article body may keep: text structure, links, images and tables, nothing that runs or styles. */
const ALLOWED_TAGS = [
  'p', 'div', 'section', 'article', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var',
  'figure', 'figcaption', 'img', 'a', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'colgroup', 'col', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup',
  'abbr', 'time', 'span', 'wbr',
];

/** Attributes per tag; nothing global, so no event handler, style, class or id gets through. */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  abbr: ['title'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  td: ['colspan', 'rowspan', 'headers'],
  th: ['colspan', 'rowspan', 'headers', 'scope'],
  col: ['span'],
  colgroup: ['span'],
};

/** Tags dropped together with everything inside them (sanitize-html keeps the text of other dropped tags). */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'template', 'noscript', 'textarea', 'option', 'select', 'button', 'title',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'canvas', 'audio', 'video',
];

/** Block containers outside the allow-list become plain divs, so their text does not run into its neighbours. */
const BLOCKS_AS_DIV = new Set([
  'main', 'header', 'footer', 'aside', 'nav', 'address', 'center', 'details', 'summary', 'dialog',
  'fieldset', 'legend', 'form', 'hgroup', 'menu', 'dir', 'listing', 'plaintext', 'xmp',
]);

/** Where a URL may point: images and citations only at the web, links also at a mail address. */
type Reach = 'web' | 'web-or-mail';

const LINK_REL = 'noopener noreferrer nofollow';

/** `value` resolved against `baseUrl` when it may point there, else null (javascript:, data:, vbscript:, …). */
function safeUrl(value: string | undefined, baseUrl: string, reach: Reach): string | null {
  if (value === undefined) return null;
  const read = readWebUrl(value, baseUrl);
  if (read.problem === null) return read.url.href;
  return reach === 'web-or-mail' && read.url?.protocol === 'mailto:' ? read.url.href : null;
}

/** Rewrites one URL attribute to its absolute form, or removes it when it is unsafe; others keep their order. */
function withUrl(attribs: sanitize.Attributes, name: string, baseUrl: string, reach: Reach): sanitize.Attributes {
  const result: sanitize.Attributes = {};
  for (const [key, value] of Object.entries(attribs)) {
    const kept = key === name ? safeUrl(value, baseUrl, reach) : value;
    if (kept !== null) result[key] = kept;
  }
  return result;
}

/**
 * Deepest element nesting a page (extract/dom.ts) or a sanitized body may have. Browsers stop nesting at 512
 * (Blink's HTML parser attaches deeper elements as siblings); the corpus's pages nest 51 deep at most (17 at the
 * median), while a hostile page nested 100,000 deep held jsdom for 35 s and linkedom for minutes, each ending in a
 * stack overflow.
 */
export const MAX_DEPTH = 512;

/** The URL relative links resolve against in the sanitizeHtml call under way (calls are synchronous). */
let currentBase = '';

/** Built once: sanitize-html copies its options on every call, and building them anew cost more than the copy. */
const OPTIONS: sanitize.IOptions = (() => {
  const cite: sanitize.Transformer = (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'cite', currentBase, 'web') });
  // A link keeps only a safe absolute href and its title, and always gets our rel.
  const link: sanitize.Transformer = (tagName, attribs) => {
    const { href, title } = withUrl(attribs, 'href', currentBase, 'web-or-mail');
    return { tagName, attribs: href === undefined ? {} : { href, ...(title ? { title } : {}), rel: LINK_REL } };
  };
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Elements deeper than a browser nests them (MAX_DEPTH) are dropped as disallowed ones are, their text kept:
    // 100,000 nested `<b><i>` were stored and served 100,000 deep, which a client's parser may not survive, and a
    // cut of them closed 100,000 elements, doubling the body.
    nestingLimit: MAX_DEPTH,
    nonTextTags: DROPPED_WITH_CONTENT,
    transformTags: {
      // One transform that every tag goes through rather than one named transform per block tag: sanitize-html
      // reads its transforms anew on every call, and nineteen more made a large part of sanitizing an article.
      '*': (tagName, attribs) => ({ tagName: BLOCKS_AS_DIV.has(tagName) ? 'div' : tagName, attribs }),
      a: link,
      img: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'src', currentBase, 'web') }),
      blockquote: cite,
      q: cite,
      del: cite,
      ins: cite,
    },
    // An image without a usable source shows nothing.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
})();

/**
 * Reduces untrusted HTML to an allow-list of structural tags and attributes, with every href/src made
 * absolute against `baseUrl` and every link marked rel="noopener noreferrer nofollow". Runs last, on any
 * HTML that will be stored or served, to make sure unsafe HTML is filtered out.
 */
export function sanitizeHtml(html: string, baseUrl: string): string {
  // Text without a tag or a character reference comes out of sanitize-html as it went in, trimmed: many feed
  // summaries are such text, and parsing them cost as much as the rest of deriving their summary.
  if (!/[<>&]/.test(html)) return bounded(html.trim());
  currentBase = baseUrl;
  try {
    const clean = sanitize(html, OPTIONS).trim();
    if (clean.length <= MAX_HTML_LENGTH) return clean;
    // Cut before a tag, then sanitized again, which closes the elements the cut left open: cut shorter by what
    // their end tags add, until the whole fits (MAX_DEPTH bounds them: one or two rounds).
    for (let limit = MAX_HTML_LENGTH; ; ) {
      const closed = sanitize(bounded(clean, limit), OPTIONS).trim();
      if (closed.length <= MAX_HTML_LENGTH) return closed;
      limit -= closed.length - MAX_HTML_LENGTH;
    }
  } finally {
    currentBase = '';
  }
}

/**
 * The most characters of HTML a body keeps (the end tags of the elements a cut leaves open included), about 40,000
 * words: more than any news article has (a long read has 5,000 to 20,000), few enough that one article always fits
 * in an answer (MAX_RESPONSE_BYTES, 8 MiB) with its text. A feed entry of 9.5 MB was stored whole, and every page
 * of articles that asked for its body failed with RESPONSE_TOO_LARGE.
 */
export const MAX_HTML_LENGTH = 300_000;

/**
 * The opening of sanitized HTML (or text) up to MAX_HTML_LENGTH characters, cut before a tag: in sanitized HTML a
 * `<` only opens a tag (text and attribute values have it escaped), so no tag is split. Text without a tag is cut
 * at a space, and never inside a character reference.
 */
function bounded(html: string, limit = MAX_HTML_LENGTH): string {
  if (html.length <= limit) return html;
  const tag = html.lastIndexOf('<', limit);
  if (tag > limit / 2) return html.slice(0, tag).trimEnd();
  const space = html.lastIndexOf(' ', limit);
  let cut = space > limit / 2 ? html.slice(0, space) : cutText(html, limit);
  const reference = cut.lastIndexOf('&');
  if (reference !== -1 && !cut.includes(';', reference)) cut = cut.slice(0, reference);
  return cut.trimEnd();
}
