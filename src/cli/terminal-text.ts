/**
 * Text from feeds and pages as a terminal may show it: control characters (C0 but line feed and tab, DEL, C1) written
 * as `\u001b`, so that an escape sequence a feed carries in a title or an error quoting it (clearing the screen,
 * colouring it, forging a hyperlink) is shown, not obeyed. Every line the command line prints for people goes
 * through it; `extract`'s JSON escapes them as JSON does, C1 and DEL included (terminalJson).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const escaped = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function terminalText(text: string): string {
  return text.replace(CONTROL, escaped);
}

/** JSON.stringify, with DEL and C1 controls also escaped (JSON.stringify leaves them raw): still the same JSON. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, escaped);
}
