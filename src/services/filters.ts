import type { SourceRepository } from '../db/repositories/source.repository';
import { BadInputError } from '../domain/errors';
import { toGlobalId } from '../domain/global-id';
import { shown } from '../domain/input-check';
import { isLanguageTag, MAX_LANGUAGE_TAG_LENGTH } from '../domain/language-tag';

/** The most values a list filter may hold. */
export const MAX_FILTER_VALUES = 100;

/** Checks a filter's list of row ids: absent means all; present must name 1..100 rows. Returns them sorted. */
export function checkIdList(name: string, ids: number[] | null | undefined): number[] | null {
  if (ids == null) return null;
  checkSize(name, ids.length);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Checks a filter's list of names or slugs, as checkIdList does for ids. */
export function checkNameList(name: string, names: string[] | null | undefined): string[] | null {
  if (names == null) return null;
  checkSize(name, names.length);
  return [...new Set(names.map((n) => n.trim().toLowerCase()))].sort();
}

function checkSize(name: string, length: number): void {
  if (length === 0 || length > MAX_FILTER_VALUES) {
    throw new BadInputError(
      `\`${name}\` must hold 1 to ${MAX_FILTER_VALUES} values (leave it out to match all); got ${length}.`,
    );
  }
}

/**
 * Checks a language argument (`name` is its path, such as `filter.language`): a BCP 47 tag such as "en", "pt-BR"
 * or "en-GB-x-private", of the form Newsline stores (isLanguageTag), so any stored language can be asked for; a
 * filter reads it as a range (inLanguageRange: "en" takes "en-gb" too). Returns it lower-case, as tags are stored.
 */
export function checkLanguage(language: string | null | undefined, name = 'language'): string | null {
  if (language == null) return null;
  const tag = language.toLowerCase();
  if (!isLanguageTag(tag)) {
    throw new BadInputError(`\`${name}\` must be a BCP 47 language tag such as "en" or "pt-BR" (at most ${MAX_LANGUAGE_TAG_LENGTH} characters); got ${shown(language)}.`);
  }
  return tag;
}

/** Refuses a source filter that names sources which do not exist, so a typo does not read as "no news". */
export async function checkSourcesExist(sources: SourceRepository, ids: number[] | null): Promise<void> {
  if (!ids) return;
  const found = await sources.existing(ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new BadInputError(`\`filter.sourceIds\` names no existing source: ${missing.map((id) => toGlobalId('Source', id)).join(', ')}.`);
  }
}
