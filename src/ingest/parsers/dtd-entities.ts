/**
 * Internal DTD entities (XML 1.0 §4.2), read the one way that cannot be turned against the reader: only
 * general entities whose value is plain text (character references and the five predefined entities allowed,
 * no markup, no reference to another entity) are expanded, and only when all their references together add
 * at most MAX_EXPANSION characters. External entities (SYSTEM, PUBLIC) and parameter entities are never read;
 * a billion-laughs entity, which refers to others, and a quadratic blowup, which exceeds the budget, stay
 * unexpanded references.
 */

/** Characters all expansions of a document may add together: far above any real feed's, far below an attack's. */
export const MAX_EXPANSION = 1_000_000;

// A value holds no quote of the kind that encloses it (XML 1.0 §2.3, EntityValue): a malformed declaration fails at
// its first such quote instead of searching the rest of the subset for a quote followed by `>` (quadratic).
const ENTITY_DECLARATION = /<!ENTITY\s+([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
/** A value is plain text when every `&` in it starts a character reference or a predefined entity. */
const PLAIN_VALUE = /^(?:[^&<%]|&#\d+;|&#x[0-9a-fA-F]+;|&(?:amp|lt|gt|quot|apos);)*$/;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// CDATA sections and comments are passed over whole: a reference in them is text, not a reference. One left open
// runs to the end of the text, as a parser reads it; searched for its end at each of many unclosed `<!--`, the text
// would be read once per `<!--` (quadratic).
const REFERENCE = /<!\[CDATA\[(?:[^]*?\]\]>|[^]*$)|<!--(?:[^]*?-->|[^]*$)|&([A-Za-z_:][\w.:-]*);/g;

/** The plain-text general entities a DOCTYPE declares in its internal subset, by name (the first declaration binds). */
export function plainEntities(doctype: string): Map<string, string> {
  const entities = new Map<string, string>();
  for (const [, name, doubleQuoted, singleQuoted] of doctype.matchAll(ENTITY_DECLARATION)) {
    const value = doubleQuoted ?? singleQuoted;
    if (entities.has(name) || PREDEFINED.has(name) || !PLAIN_VALUE.test(value)) continue;
    // Quotes escaped, so that a value also reads right where it is referred to inside an attribute value.
    entities.set(name, value.replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
  }
  return entities;
}

/** The text with each reference to one of `entities` replaced by its value; unchanged when that would add too much. */
export function expandEntities(text: string, entities: ReadonlyMap<string, string>): string {
  if (entities.size === 0) return text;
  let added = 0;
  for (const [, name] of text.matchAll(REFERENCE)) {
    const value = name === undefined ? undefined : entities.get(name);
    if (value !== undefined) added += value.length;
    if (added > MAX_EXPANSION) return text;
  }
  if (added === 0) return text;
  return text.replace(REFERENCE, (match, name: string | undefined) => (name === undefined ? match : entities.get(name) ?? match));
}
