import type { SourceRepository } from '../db/repositories/source.repository';
import { BadInputError } from '../domain/errors';
import { toGlobalId } from '../domain/global-id';
import { shown } from '../domain/input-check';

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

/** Checks a language filter: a BCP 47 tag such as "en" or "pt-BR", matched as stored. */
export function checkLanguage(language: string | null | undefined): string | null {
  if (language == null) return null;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
    throw new BadInputError(`\`language\` must be a language tag such as "en" or "pt-BR"; got ${shown(language)}.`);
  }
  return language.toLowerCase();
}

/** Refuses a source filter that names sources which do not exist, so a typo does not read as "no news". */
export async function checkSourcesExist(sources: SourceRepository, ids: number[] | null): Promise<void> {
  if (!ids) return;
  const found = await sources.existing(ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new BadInputError(`\`sourceIds\` names no existing source: ${missing.map((id) => toGlobalId('Source', id)).join(', ')}.`);
  }
}
