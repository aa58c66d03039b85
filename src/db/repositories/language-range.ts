import type { Conditions } from './conditions';

/** A language tag's first subtag, as migration LanguageRanges1796002400000 indexes it (then published_at, id). */
const firstSubtag = (column: string) => `split_part(${column}, '-', 1)`;

/** A language tag's first two subtags ("en-" for "en"), as migration LanguageRanges1796002400000 indexes them (then published_at, id). */
const firstTwoSubtags = (column: string) => `split_part(${column}, '-', 1) || '-' || split_part(${column}, '-', 2)`;

/**
 * Adds to `conditions` that the tag in `column` falls in the language range `range` (lower-case, as checkLanguage
 * gives it), by RFC 4647 §3.3.1 basic filtering: the SQL of inLanguageRange (domain/language-tag.ts). A range of one or
 * two subtags is an equality on an indexed expression, so a list filtered by it is read in the index's order, unsorted.
 */
export function addLanguageRange(conditions: Conditions, column: string, range: string): Conditions {
  const subtags = range.split('-');
  if (subtags.length === 1) return conditions.add((p) => `${firstSubtag(column)} = ${p}`, range);
  conditions.add((p) => `${firstTwoSubtags(column)} = ${p}`, subtags.slice(0, 2).join('-'));
  if (subtags.length === 2) return conditions;
  // Longer ranges are rare: read in the order of their first two subtags, the rest checked row by row. A tag
  // (isLanguageTag) has no LIKE metacharacter (% _ \), so the range is its own pattern.
  return conditions.add((p) => `(${column} = ${p} OR ${column} LIKE ${p}::text || '-%')`, range);
}
