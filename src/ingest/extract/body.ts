import { Readability } from '@mozilla/readability';
import { escapeHtml } from '../../domain/html-escape';
import { htmlToText, nodeToText, sanitizeHtml } from '../sanitize';
import { leafBlocks, removeBoilerplate } from './boilerplate';
import { removeMarkedChrome } from './chrome';
import { ALL_RULES, type ExtractionRules } from './rules';

/** The article body: sanitized HTML with absolute URLs, and its text. */
export interface ExtractedBody {
  html: string | null;
  text: string | null;
  /** The picked content's text before boilerplate removal, where credits such as "Source: AP" still stand. */
  pickedText: string | null;
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

/** A JSON-LD body at least this long relative to the pick is complete enough to prune it by. */
const COMPLETE_SHARE = 0.8;

/** A block sharing less than this share of its word runs with a complete JSON-LD body is not the story's. */
const MIN_BLOCK_OVERLAP = 0.25;

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

/**
 * The JSON-LD body as plain text when it is complete: HTML is reduced to text, plain text keeps its line
 * breaks (with any character references in it decoded); a short or "…"-truncated body is a teaser, null.
 */
function jsonLdText(body: string | null): string | null {
  if (!body) return null;
  const isHtml = /<\/?[a-z][^>]*>/i.test(body);
  const text = isHtml ? htmlToText(body) : body.split('\n').map((line) => (line.includes('&') ? htmlToText(line) : line.trim())).join('\n').trim();
  return words(text).length >= MIN_JSON_LD_WORDS && !/(?:\.\.\.|…)$/.test(text) ? text : null;
}

/** Plain text as HTML paragraphs, one per line. */
function paragraphsHtml(text: string): string {
  return text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => `<p>${escapeHtml(line)}</p>`).join('');
}

/** Removes the innermost blocks that share (almost) nothing with the JSON-LD body, which lists the story's text. */
function pruneToJsonLd(content: Element, reference: Set<string>, referenceFlat: string): void {
  for (const block of leafBlocks(content)) {
    if (overlap(block.textContent ?? '', reference, referenceFlat) < MIN_BLOCK_OVERLAP) block.remove();
  }
}

/** The share of a JSON-LD body's shingles that `text` contains. */
function coverageOf(reference: Set<string>, text: string): number {
  const found = new Set(shingles(words(text)));
  return [...reference].filter((shingle) => found.has(shingle)).length / Math.max(1, reference.size);
}

/**
 * Checks readability's pick against a complete JSON-LD body: when the pick misses most of it, the JSON-LD
 * text is the body; when the JSON-LD body is about as long as the pick, it prunes what the pick adds.
 * Returns the HTML to sanitize.
 */
function reconcileWithJsonLd(content: Element | null, ldText: string, rules: ExtractionRules): string {
  const ldWords = words(ldText);
  const reference = new Set(shingles(ldWords));
  const pickedText = content ? nodeToText(content) : '';
  if (rules.has('json-ld-fallback') && (content === null || coverageOf(reference, pickedText) < MIN_COVERAGE)) return paragraphsHtml(ldText);
  if (content === null) return '';
  if (rules.has('json-ld-prune') && ldWords.length >= words(pickedText).length * COMPLETE_SHARE) pruneToJsonLd(content, reference, ldWords.join(' '));
  return content.innerHTML;
}

/**
 * Extracts the article body from the page's document (which it modifies): chrome the markup declares is
 * removed, readability picks the content, boilerplate is removed from it by its text, and a complete
 * JSON-LD articleBody, when the page has one, checks the pick. The sanitizer runs last.
 */
export function extractBody(doc: Document, baseUrl: string, hints: BodyHints, rules: ExtractionRules = ALL_RULES): ExtractedBody {
  const ldText = jsonLdText(hints.jsonLdBody);
  removeMarkedChrome(doc, rules);
  const content = new Readability<Element>(doc, { serializer: (node) => node as Element }).parse()?.content ?? null;
  const pickedText = content ? nodeToText(content) : null;
  if (content) removeBoilerplate(content, hints.section, rules);
  const html = sanitizeHtml(ldText !== null ? reconcileWithJsonLd(content, ldText, rules) : content?.innerHTML ?? '', baseUrl);
  const text = htmlToText(html);
  return text === '' ? { html: null, text: null, pickedText } : { html, text, pickedText };
}
