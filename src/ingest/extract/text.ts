import { withoutControls } from '../../domain/whitespace';
import { htmlToText } from '../sanitize';

/** Text from metadata as one clean line: entities decoded, stray tags dropped, whitespace collapsed, control characters dropped; null if empty. */
export function cleanLine(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const raw = String(value);
  const text = withoutControls((/[&<]/.test(raw) ? htmlToText(raw) : raw).replace(/\s+/g, ' ')).trim();
  return text === '' ? null : text;
}

/** The distinct non-empty values, first spelling kept, compared case-insensitively. */
export function distinct(values: Iterable<string | null>): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    if (value && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  }
  return [...seen.values()];
}

/**
 * A language tag as BCP 47 wants it here: "en_US" -> "en-us"; null unless it looks like a tag of at most 35
 * characters (RFC 5646 §4.4.1's advice; a longer "tag" is no language, and would be an oversized index key).
 */
export function languageTag(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/g, '-').toLowerCase();
  return tag && tag.length <= 35 && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(tag) ? tag : null;
}
