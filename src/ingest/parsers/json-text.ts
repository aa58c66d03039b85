/**
 * JSON from feeds and pages, read as text that can be stored. A JSON string may escape half of a surrogate pair
 * alone (`"\ud800"`), which JSON.parse gives back as a lone surrogate: UTF-16 with no UTF-8 form, which the
 * database driver would store as U+FFFD while the rest of the pipeline (entry fingerprints, story terms, `extract`'s
 * output) had seen the surrogate. Here every string comes out well-formed, a lone surrogate replaced by U+FFFD, as
 * it will be stored.
 */

/** A `\uD800`–`\uDFFF` escape: only JSON text that has one can hold a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** ES2024's String.prototype.toWellFormed, native since Node 20; the compiler's lib is older. */
type WellFormable = string & { toWellFormed(): string };

/** `document`, parsed from `text`, with every string (values and keys) well-formed. Changes nothing when `text` escapes no surrogate. */
export function wellFormedJson(document: unknown, text: string): unknown {
  if (!SURROGATE_ESCAPE.test(text)) return document;
  const fix = (value: string) => (value as WellFormable).toWellFormed();
  const root = { value: document };
  // A walk with a stack of its own: JSON.parse reads nesting deeper than a recursive walk could follow.
  const pending: Record<string, unknown>[] = [root];
  for (let holder = pending.pop(); holder !== undefined; holder = pending.pop()) {
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (typeof value === 'string') holder[key] = fix(value);
      else if (typeof value === 'object' && value !== null) {
        if (!Array.isArray(value)) {
          const object = value as Record<string, unknown>;
          for (const name of Object.keys(object)) {
            const wellFormed = fix(name);
            if (wellFormed !== name) {
              object[wellFormed] = object[name];
              delete object[name];
            }
          }
        }
        pending.push(value as Record<string, unknown>);
      }
    }
  }
  return root.value;
}
