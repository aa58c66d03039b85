import { Readability } from '@mozilla/readability';
import { htmlToText, nodeToText, sanitizeHtml } from '../sanitize';
import { removeBoilerplate } from './boilerplate';
import { removeMarkedChrome } from './chrome';

/** The article body: sanitized HTML with absolute URLs, and its text. */
export interface ExtractedBody {
  html: string | null;
  text: string | null;
  /** The picked content's text before boilerplate removal, where credits such as "Source: AP" still stand. */
  creditText: string | null;
}

/** What the page says about itself that helps find its body. */
export interface BodyHints {
  /** The page's section label ("World"), which some pages repeat above the story. */
  section: string | null;
  /** The JSON-LD articleBody (plain text or HTML), if the page has one. */
  jsonLdBody: string | null;
}

/** Fewer words than this in a JSON-LD articleBody is a teaser, not the body. */
const MIN_JSON_LD_WORDS = 50;

/** Consecutive words compared when matching text against the JSON-LD body. */
const SHINGLE = 4;

/** Below this share of the JSON-LD body found in readability's pick, readability picked the wrong thing. */
const MIN_COVERAGE = 0.6;

/** A block sharing less than this share of its word runs with a complete JSON-LD body is not the story's. */
const MIN_BLOCK_OVERLAP = 0.25;

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, dt, dd, blockquote, figure, table, pre, div, section, ul, ol, dl';

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** The runs of SHINGLE consecutive words of a text (the whole text when it is shorter). */
function shingles(tokens: string[]): string[] {
  if (tokens.length < SHINGLE) return tokens.length === 0 ? [] : [tokens.join(' ')];
  return tokens.slice(0, tokens.length - SHINGLE + 1).map((_, i) => tokens.slice(i, i + SHINGLE).join(' '));
}

/** Share of `text`'s shingles found in `reference` (a short text counts as found when it occurs in it). */
function overlap(text: string, reference: Set<string>, referenceFlat: string): number {
  const tokens = words(text);
  if (tokens.length === 0) return 1;
  if (tokens.length < SHINGLE) return ` ${referenceFlat} `.includes(` ${tokens.join(' ')} `) ? 1 : 0;
  const own = shingles(tokens);
  return own.filter((s) => reference.has(s)).length / own.length;
}

/** The JSON-LD body as plain text: HTML is reduced to text, plain text kept with its line breaks. */
function jsonLdText(body: string | null): string | null {
  if (!body) return null;
  const text = /<\/?[a-z][^>]*>/i.test(body) ? htmlToText(body) : body.trim();
  return words(text).length >= MIN_JSON_LD_WORDS && !/(?:\.\.\.|…)$/.test(text) ? text : null;
}

/** Plain text as HTML paragraphs, one per line. */
function paragraphsHtml(text: string): string {
  const escape = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => `<p>${escape(line)}</p>`).join('');
}

/** Removes the innermost blocks that share (almost) nothing with the JSON-LD body, which lists the story's text. */
function pruneToJsonLd(content: Element, reference: Set<string>, referenceFlat: string): void {
  const blocks = Array.from(content.querySelectorAll(BLOCKS)).filter((block) => block.querySelector(BLOCKS) === null);
  for (const block of blocks) {
    if (overlap(block.textContent ?? '', reference, referenceFlat) < MIN_BLOCK_OVERLAP) block.remove();
  }
}

/**
 * Extracts the article body from the page's document (which it modifies): chrome the markup declares is
 * removed, readability picks the content, boilerplate is removed from it by its text, and a complete
 * JSON-LD articleBody, when the page has one, both checks the pick (replacing it when readability missed
 * the story) and prunes what it does not contain. The sanitizer runs last.
 */
export function extractBody(doc: Document, baseUrl: string, hints: BodyHints): ExtractedBody {
  const ldText = jsonLdText(hints.jsonLdBody);
  removeMarkedChrome(doc);
  const content = new Readability<Element>(doc, { serializer: (node) => node as Element }).parse()?.content ?? null;
  const creditText = content ? nodeToText(content) : null;
  if (content) removeBoilerplate(content, hints.section);
  let html = content ? sanitizeHtml(content.innerHTML, baseUrl) : '';
  if (ldText !== null) {
    const ldWords = words(ldText);
    const reference = new Set(shingles(ldWords));
    const pickedWords = words(htmlToText(html));
    const coverage = shingles(pickedWords).filter((s) => reference.has(s)).length / Math.max(1, reference.size);
    if (content === null || coverage < MIN_COVERAGE) {
      html = sanitizeHtml(paragraphsHtml(ldText), baseUrl);
    } else if (ldWords.length >= pickedWords.length * 0.8) {
      pruneToJsonLd(content, reference, ldWords.join(' '));
      html = sanitizeHtml(content.innerHTML, baseUrl);
    }
  }
  const text = htmlToText(html);
  return text === '' ? { html: null, text: null, creditText } : { html, text, creditText };
}
