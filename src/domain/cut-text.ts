/**
 * The first `max` UTF-16 code units of `text`, or one fewer where the cut would fall between the two halves of a
 * surrogate pair (an emoji, say): a lone half is no character, PostgreSQL stores it as U+FFFD and JSON carries it
 * as an escape no client can show. Every cut of text that is stored or shown goes through here.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
