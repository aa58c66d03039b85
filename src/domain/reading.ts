/** Words a reader gets through per minute, the figure most news sites use for reading time. */
export const WORDS_PER_MINUTE = 230;

/** Counts the words of plain text: runs of letters or digits. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Minutes a reader needs for a text of this many words, at least one for any text. */
export function readingTimeMinutes(wordCount: number): number {
  return wordCount <= 0 ? 0 : Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
