/**
 * The longest string any argument may hold, in characters (code points: an emoji is one). Longer than any URL,
 * name, slug, cursor or search a client has reason to send (sitemaps cap URLs at 2,048), short enough that a
 * hostile value costs nothing to refuse or to quote back.
 */
export const MAX_INPUT_LENGTH = 2048;

/** The longest name a source may have, in UTF-16 code units: one given, or one taken from its feed or page. */
export const MAX_SOURCE_NAME_LENGTH = 200;

/** The characters (code points) of a text, as a reader counts them: an emoji, two UTF-16 code units, is one. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) count--;
    }
  }
  return count;
}

/**
 * How many characters a text has when it has more than `max`, else null. No text has more characters than code
 * units, so a text no longer than `max` code units is not counted.
 */
export function charactersOver(text: string, max: number): number | null {
  if (text.length <= max) return null;
  const count = characterCount(text);
  return count > max ? count : null;
}

/** How much of a refused value an error message quotes back. */
const SHOWN_LENGTH = 64;

/**
 * What is wrong with a string argument that PostgreSQL cannot store or compare, or null when it is fine.
 *
 * PostgreSQL's text types refuse U+0000, and UTF-16 with a lone surrogate has no UTF-8 form (the
 * driver would silently turn it into U+FFFD and match something else).
 */
export function inputStringProblem(value: string): string | null {
  const characters = charactersOver(value, MAX_INPUT_LENGTH);
  if (characters !== null) return `at most ${MAX_INPUT_LENGTH} characters; got ${characters}`;
  if (value.includes('\u0000')) return `text without NUL characters (U+0000); got ${shown(value)}`;
  if (!isWellFormed(value)) {
    return `well-formed Unicode; got a lone surrogate (invalid UTF-16) in ${shown(value)}`;
  }
  return null;
}

/** Whether the text has no lone surrogate: ES2024's String.prototype.isWellFormed, native since Node 20 (the compiler's lib is older). */
export function isWellFormed(text: string): boolean {
  return (text as WellFormedString).isWellFormed();
}

type WellFormedString = string & { isWellFormed(): boolean };

/**
 * Characters JSON.stringify leaves as they are that a reader cannot see or that rearrange what is around them:
 * Unicode's default-ignorable characters (bidirectional overrides and marks, zero-width spaces and joiners, soft
 * hyphen, variation selectors, Hangul fillers, tags: "\u202Eexe.txt" shows as "txt.exe", "\uFE0F\uFE0F" as ""), the
 * other format characters, and the line and paragraph separators. A quoted value shows them escaped, as controls.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2028\u2029]/gu;

/** A text written as `\\u` escapes of its UTF-16 code units, as JSON writes them: "\\u001b", "\\udb40\\udc41". */
export const unicodeEscapes = (text: string) => Array.from({ length: text.length }, (_, i) => `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/** A string quoted: JSON-escaped, invisible characters too. */
const quoted = (text: string) => JSON.stringify(text).replace(INVISIBLE, unicodeEscapes);

/**
 * A value as an error message quotes it: JSON-escaped (NUL, controls, lone surrogates and invisible characters made
 * visible) and cut short after SHOWN_LENGTH characters, with its length in characters (code points, as limits count).
 */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const count = charactersOver(text, SHOWN_LENGTH);
  if (count === null) return typeof value === 'string' ? quoted(text) : text;
  const head = Array.from(text.slice(0, 2 * SHOWN_LENGTH)).slice(0, SHOWN_LENGTH).join('');
  return `${typeof value === 'string' ? quoted(head) : head}… (${count} characters)`;
}
