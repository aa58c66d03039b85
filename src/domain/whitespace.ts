/** Whitespace that collapsing changes: any but a space, or two in a row (`\s` as in the collapse below). */
const NOT_COLLAPSED = /[^\S ]|\s\s/;

/**
 * `text` with each run of whitespace (`\s+`) made one space, as `text.replace(/\s+/g, ' ')` gives it, without
 * rebuilding a text that is collapsed already: replacing each single space between words with a space cost
 * more than all else done to a paragraph.
 */
export function collapseWhitespace(text: string): string {
  return NOT_COLLAPSED.test(text) ? text.replace(/\s+/g, ' ') : text;
}
