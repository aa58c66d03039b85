import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
// The deepest nesting a page may have is a sanitized body's: sanitize.ts says why.
import { MAX_DEPTH } from '../sanitize/sanitize';

/**
 * Most elements a page may have. Lighthouse calls a page of more than 1,400 elements excessive and the corpus's
 * largest has 1,596; a page of 100,000 sibling links overflows the stack in readability's re-parse, and one of
 * 50,000 takes half a minute.
 */
export const MAX_ELEMENTS = 25_000;

/**
 * Most attributes one element may have (feeds are held to it too). A real element has a few (the corpus's pages,
 * at most 64); an element of 1.2 million distinct attributes took 7 minutes and 2.9 GB to read.
 */
export const MAX_ATTRIBUTES = 1_000;

/**
 * Most runs of text, comments and attributes a page may have together, each character reference counting as a
 * run of its own (the parser hands each one on as a piece of text, and the tree keeps each as a node). The corpus's
 * pages have at most about 5,000; 10 MB of `&amp;` made 2 million text nodes, 43 s and 2 GB to read.
 */
export const MAX_PIECES = 100_000;

/** A page was refused before extraction; the message says what was expected and what arrived. */
export class PageRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageRefusedError';
  }
}

/** A page's document and the URL its relative links resolve against (its `<base href>`, else the page URL). */
export interface PageDocument {
  doc: Document;
  baseUrl: string;
}

/** How a page is built: how deep its elements nest, how many there are, the most attributes one has, and its pieces (MAX_PIECES). */
interface Shape {
  depth: number;
  elements: number;
  attributes: number;
  pieces: number;
}

/** The page's shape, read from the tokenizer's events without building a tree; reading stops at the first limit passed. */
function shape(html: string): Shape {
  const found: Shape = { depth: 0, elements: 0, attributes: 0, pieces: 0 };
  let depth = 0;
  let attributes = 0;
  // Past any limit the answer is known: the rest of a huge page need not be read.
  const beyond = () => found.depth > MAX_DEPTH || found.elements > MAX_ELEMENTS || found.attributes > MAX_ATTRIBUTES || found.pieces > MAX_PIECES;
  const parser = new Parser({
    onopentagname: () => {
      attributes = 0;
    },
    onattribute: () => {
      attributes += 1;
      found.pieces += 1;
      if (attributes > found.attributes) found.attributes = attributes;
      if (beyond()) parser.pause();
    },
    onopentag: () => {
      depth += 1;
      found.elements += 1;
      if (depth > found.depth) found.depth = depth;
      if (beyond()) parser.pause();
    },
    onclosetag: () => {
      depth -= 1;
    },
    ontext: () => {
      found.pieces += 1;
      if (beyond()) parser.pause();
    },
    oncomment: () => {
      found.pieces += 1;
      if (beyond()) parser.pause();
    },
  });
  parser.end(html);
  return found;
}

/**
 * Parses a page with linkedom: no scripts run, nothing loads. linkedom builds the tree the markup spells out and
 * adds no <html> of its own (a browser implies one), so a page without one is read inside <html><body>. Throws
 * PageRefusedError when the page nests deeper than MAX_DEPTH, has more than MAX_ELEMENTS elements, an element of
 * more than MAX_ATTRIBUTES attributes, or more than MAX_PIECES pieces.
 */
export function parsePage(page: string, pageUrl: string): PageDocument {
  // A browser's parser drops NUL from text (HTML § 13.2.6.4.7); PostgreSQL could not store it either.
  const html = page.includes('\u0000') ? page.replace(/\u0000/g, '') : page;
  const { depth, elements, attributes, pieces } = shape(html);
  if (depth > MAX_DEPTH) throw new PageRefusedError(`expected an HTML page whose elements nest at most ${MAX_DEPTH} deep; this one nests deeper`);
  if (elements > MAX_ELEMENTS) throw new PageRefusedError(`expected an HTML page of at most ${MAX_ELEMENTS} elements; this one has more`);
  if (attributes > MAX_ATTRIBUTES) throw new PageRefusedError(`expected an HTML page whose elements have at most ${MAX_ATTRIBUTES} attributes each; one has more`);
  if (pieces > MAX_PIECES) {
    throw new PageRefusedError(`expected an HTML page of at most ${MAX_PIECES} runs of text, comments and attributes (each character reference counts as one); this one has more`);
  }
  let doc = parseHTML(html).document as unknown as Document;
  if (doc.documentElement?.tagName !== 'HTML') doc = parseHTML(`<html><body>${html}</body></html>`).document as unknown as Document;
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  return { doc, baseUrl: href ? resolved(href, pageUrl) : pageUrl };
}

/** `href` against `base`, as a browser resolves a `<base href>`; the base itself when `href` is no URL. */
function resolved(href: string, base: string): string {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return base;
  }
}
