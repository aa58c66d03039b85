/**
 * The language tags Newsline stores and filters by, lower-case (RFC 5646): a primary language of 2 to 8 letters, or
 * "x" (private use) or "i" (the registered "i-klingon" and its kind) followed by a subtag, then subtags of 1 to 8
 * letters or digits ("en", "pt-br", "zh-hant-tw", "en-gb-x-private", "x-newsline"), at most 35 characters in all
 * (RFC 5646 §4.4.1's advice: a longer "tag" is no language, and would make an oversized index key).
 */
const LANGUAGE_TAG = /^(?:[a-z]{2,8}|[ix](?=-))(?:-[a-z0-9]{1,8})*$/;

/** The most characters a stored language tag has. */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** Whether a lower-case text is a language tag Newsline keeps. */
export function isLanguageTag(tag: string): boolean {
  return tag.length <= MAX_LANGUAGE_TAG_LENGTH && LANGUAGE_TAG.test(tag);
}

/**
 * Whether a stored tag falls in a language range by RFC 4647 §3.3.1 basic filtering: the range is the tag, or the
 * tag's first subtags ("en" takes "en", "en-gb" and "en-gb-oxendict"; "en-gb" takes neither "en" nor "en-us"; "en"
 * does not take "eng"). Both lower-case, as stored and as checkLanguage gives; repositories/language-range.ts says the same in SQL.
 */
export function inLanguageRange(tag: string | null, range: string): boolean {
  return tag !== null && (tag === range || tag.startsWith(`${range}-`));
}
