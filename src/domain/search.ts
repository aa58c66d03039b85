import { BadInputError } from './errors';
import { escapeHtml } from './html-escape';
import { charactersOver, shown } from './input-check';

/**
 * The longest search query, in characters. Web search engines stop at about 32 words; 256 characters
 * hold that with room to spare, and keep the per-language parses of one query small.
 */
export const MAX_SEARCH_LENGTH = 256;

/**
 * How many matches RELEVANCE ranks: the newest this many (by publication time). A word that half of all
 * articles hold would otherwise rank half of all articles for one page; this bounds the work per page
 * whatever the word, at the price that an older, better-matching article beyond the newest 400 matches
 * is found by NEWEST or a `publishedAt` filter, not by RELEVANCE. 400 is twenty pages of 20; it was 1,000, and
 * finding and ranking the newest 1,000 matches of a phrase that 6.5% of a million articles hold took PostgreSQL
 * 24 to 41 ms, more than the 20 ms a page may take (400: 13 to 18 ms, timed in turn; see bench/README.md).
 */
export const RELEVANCE_CANDIDATES = 400;

/**
 * How RELEVANCE finds the newest matches (see SearchRepository.relevant): it tests the newest RELEVANCE_SAMPLE
 * rows; when RELEVANCE_DENSE_MATCHES of them match (2%), it walks on newest first, else it takes every match from
 * the GIN index. A walk reads RELEVANCE_CANDIDATES / density rows, the index hands over density × rows matches:
 * on a million articles the two cost about the same near 2%. A sample of 1,000 costs a rare word about 2 ms (2,000
 * cost 3.5) and tells 2% from 1% or 4% well enough; near the line either way costs about the same.
 */
export const RELEVANCE_SAMPLE = 1000;
export const RELEVANCE_DENSE_MATCHES = 20;

/**
 * The recency lift of a search score: `textRank × (1 + RECENCY_LIFT / (1 + ageHours / RECENCY_HOURS))`.
 * An article published just now gets 25% on top of its text rank, a day-old one 12.5%, a week-old one 3%,
 * and the lift keeps shrinking without reaching zero, so equal text ranks always order newest first. It
 * cannot lift a summary or body match over a title match: once in the title ranks 0.61, while the summary
 * and the body never reach more than their weights, 0.4 and 0.2 (0.4 × 1.25 < 0.61).
 */
export const RECENCY_LIFT = 0.25;
export const RECENCY_HOURS = 24;

/** How search results are ordered. */
export enum SearchOrder {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
}

/**
 * Invisible format characters (Unicode category Cf: zero-width space and joiners, direction marks, soft hyphen,
 * word joiner, byte order mark, tags). PostgreSQL's text-search parser reads each as a break between words; the
 * embedded database's reads it as part of a word, so "bridge\u200B" (pasted from a web page) found nothing there.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
/** Variation selectors (emoji or text presentation): both databases keep them inside a word, so "bridge\uFE0F" found nothing. */
const VARIATION_SELECTORS = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/**
 * Checks a search query: some word or number to look for, at most MAX_SEARCH_LENGTH characters. Returns it
 * trimmed, with format characters made spaces (as PostgreSQL reads them) and variation selectors dropped, so that
 * both databases read it alike and invisible characters find what the query without them finds.
 */
export function checkSearchQuery(query: string): string {
  const characters = charactersOver(query.trim(), MAX_SEARCH_LENGTH);
  if (characters !== null) throw new BadInputError(`\`query\` must be at most ${MAX_SEARCH_LENGTH} characters; got ${characters}.`);
  const visible = query.replace(VARIATION_SELECTORS, '').replace(FORMAT_CHARACTERS, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(visible)) {
    throw new BadInputError(
      `\`query\` must hold a word or number to search for (words, "quoted phrases", OR, -excluded); got ${shown(query)}.`,
    );
  }
  return visible;
}

/** What the database wraps a matched word in (private-use characters; stripped from the text beforehand). */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';
const MARKS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');

/** Text with matched words between MATCH_START and MATCH_END, as HTML: escaped, whitespace collapsed, matches in `<mark>`. */
export function highlightHtml(marked: string): string {
  return escapeHtml(marked.replace(/\s+/g, ' ').trim()).replace(MARKS, (mark) => (mark === MATCH_START ? '<mark>' : '</mark>'));
}
