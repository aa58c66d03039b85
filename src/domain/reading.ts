/** Words a reader gets through per minute, the figure most news sites use for reading time. */
export const WORDS_PER_MINUTE = 230;

/** Words of content from which a feed entry counts as carrying the full article, not only a headline. */
export const FULL_CONTENT_WORDS = 120;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Whether each BMP code point is a letter or digit: 1 yes, 2 no, 0 not looked up yet. */
const BMP_WORD_CHARS = new Uint8Array(0x10000);
const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;
const HYPHEN = 0x2d;

function isLetterOrDigit(code: number): boolean {
  if (code > 0xffff) return LETTER_OR_DIGIT.test(String.fromCodePoint(code));
  if (BMP_WORD_CHARS[code] === 0) BMP_WORD_CHARS[code] = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
  return BMP_WORD_CHARS[code] === 1;
}

/**
 * Counts the words of plain text: runs of letters or digits, a single apostrophe or hyphen between two of them
 * joining them ("don't", "well-known"). What /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*\/gu matches, counted in
 * one pass without building the matches: it runs on every article body a refresh stores.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const next = i + (code > 0xffff ? 2 : 1);
    if (isLetterOrDigit(code)) {
      if (!inWord) words += 1;
      inWord = true;
    } else if (!(inWord && (code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE || code === HYPHEN) && next < text.length && isLetterOrDigit(text.codePointAt(next)!))) {
      inWord = false;
    }
    i = next;
  }
  return words;
}

/** Minutes a reader needs for a text of this many words, at least one for any text. */
export function readingTimeMinutes(wordCount: number): number {
  return wordCount <= 0 ? 0 : Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
