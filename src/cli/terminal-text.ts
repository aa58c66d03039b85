import { unicodeEscapes } from '../domain/input-check';

/**
 * Text from feeds and pages as a terminal may show it: control characters (C0 but line feed and tab, DEL, C1) written
 * as `\u001b`, so that an escape sequence a feed carries in a title or an error quoting it (clearing the screen,
 * colouring it, forging a hyperlink) is shown, not obeyed. Every line the command line prints for people goes
 * through it; `extract`'s JSON escapes them as JSON does, C1 and DEL included (terminalJson). Bidirectional
 * embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are escaped too: one in a title would
 * reorder the rest of the line, columns and all ("\u202E" makes "gpj.exe" read "exe.jpg"). The marks U+200E and
 * U+200F, which right-to-left titles need and which reorder nothing past themselves, are kept.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(CONTROL, unicodeEscapes);
}

/** JSON.stringify, with DEL, C1 and bidirectional controls also escaped (JSON.stringify leaves them raw): still the same JSON. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, unicodeEscapes);
}
