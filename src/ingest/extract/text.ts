import { withoutControls } from '../../domain/whitespace';
import { htmlToText } from '../sanitize';
import { isLanguageTag } from '../../domain/language-tag';

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

/** A language tag as Newsline keeps it (see isLanguageTag): "en_US" -> "en-us"; null unless it is one. */
export function languageTag(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/g, '-').toLowerCase();
  return tag && isLanguageTag(tag) ? tag : null;
}
