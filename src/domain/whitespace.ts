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

/** Control characters (C0, DEL, C1): tabs and line breaks among them, so a caller collapses whitespace first. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One line of text (a title, a name) without control characters: it has no use for them, and a terminal that
 * shows it obeys some of them (ESC sequences clear the screen, colour it, forge links).
 */
export function withoutControls(line: string): string {
  return line.replace(CONTROL, '');
}
