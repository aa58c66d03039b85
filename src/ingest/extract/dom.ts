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

/** How deep the page's elements nest and how many there are, read from the tokenizer's events without building a tree. */
function shape(html: string): { depth: number; elements: number } {
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  const parser = new Parser({
    onopentag: () => {
      depth += 1;
      elements += 1;
      if (depth > deepest) deepest = depth;
      // Past either limit the answer is known: the rest of a huge page need not be read.
      if (deepest > MAX_DEPTH || elements > MAX_ELEMENTS) parser.pause();
    },
    onclosetag: () => {
      depth -= 1;
    },
  });
  parser.end(html);
  return { depth: deepest, elements };
}

/**
 * Parses a page with linkedom: no scripts run, nothing loads. linkedom builds the tree the markup spells out and
 * adds no <html> of its own (a browser implies one), so a page without one is read inside <html><body>. Throws
 * PageRefusedError when the page nests deeper than MAX_DEPTH or has more than MAX_ELEMENTS elements.
 */
export function parsePage(page: string, pageUrl: string): PageDocument {
  // A browser's parser drops NUL from text (HTML § 13.2.6.4.7); PostgreSQL could not store it either.
  const html = page.includes('\u0000') ? page.replace(/\u0000/g, '') : page;
  const { depth, elements } = shape(html);
  if (depth > MAX_DEPTH) throw new PageRefusedError(`expected an HTML page whose elements nest at most ${MAX_DEPTH} deep; this one nests deeper`);
  if (elements > MAX_ELEMENTS) throw new PageRefusedError(`expected an HTML page of at most ${MAX_ELEMENTS} elements; this one has more`);
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
