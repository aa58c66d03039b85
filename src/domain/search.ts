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

/** The zero-width space: a break between words (Unicode's word boundaries break at it, UAX #29). */
const ZERO_WIDTH_SPACE = /\u200B/g;
/**
 * The other characters Unicode says to show as nothing (Default_Ignorable_Code_Point): soft hyphen, joiners, word
 * joiner, direction marks and controls, byte order mark, variation selectors, the grapheme joiner, Hangul fillers,
 * tags. Unicode's word boundaries ignore them, so they are dropped: "Vald\u00ADoria" (a hyphenation point copied
 * from a page) finds Valdoria. Left in, PostgreSQL's text-search parser read most of them as a break and the
 * embedded database's as part of a word, so the same query found different things on each, or nothing.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * Checks a search query: some word or number to look for, at most MAX_SEARCH_LENGTH characters. Returns it
 * trimmed, with zero-width spaces made spaces and the other invisible characters dropped, so that both databases
 * read it alike and a query copied with invisible characters finds what it finds without them.
 */
export function checkSearchQuery(query: string): string {
  const characters = charactersOver(query.trim(), MAX_SEARCH_LENGTH);
  if (characters !== null) throw new BadInputError(`\`query\` must be at most ${MAX_SEARCH_LENGTH} characters; got ${characters}.`);
  const visible = query.replace(ZERO_WIDTH_SPACE, ' ').replace(IGNORABLE, '').trim();
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
