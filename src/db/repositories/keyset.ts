import type { Keyset } from '../../domain/cursor';
import type { PageWindow } from '../../domain/page';

/** A page request over a list ordered newest first by (a time column, id). */
export interface KeysetPage {
  window: PageWindow;
  /** Only rows older than this one. */
  after: Keyset | null;
  /** Only rows newer than this one. */
  before: Keyset | null;
}

/**
 * Appends the keyset conditions and returns the ORDER BY / LIMIT tail for a page.
 *
 * Row comparisons on (published_at, id) match the (…, published_at, id) indexes, so a page
 * deep in the list costs what the first page costs. One extra row is fetched to tell
 * whether more follow.
 */
export function keysetTail(
  alias: string,
  page: KeysetPage,
  where: string[],
  values: unknown[],
  timeColumn = 'published_at',
): string {
  const key = `(${alias}.${timeColumn}, ${alias}.id)`;
  if (page.after) {
    values.push(page.after.at, page.after.id);
    where.push(`${key} < ($${values.length - 1}, $${values.length})`);
  }
  if (page.before) {
    values.push(page.before.at, page.before.id);
    where.push(`${key} > ($${values.length - 1}, $${values.length})`);
  }
  values.push(page.window.size + 1);
  const order = page.window.direction === 'forward' ? 'DESC' : 'ASC';
  return `ORDER BY ${alias}.${timeColumn} ${order}, ${alias}.id ${order} LIMIT $${values.length}`;
}

/** Turns the rows of a keyset query (size + 1 at most, in scan order) into the page, newest first. */
export function keysetResult<Row>(rows: Row[], page: KeysetPage): { rows: Row[]; hasMore: boolean } {
  const hasMore = rows.length > page.window.size;
  if (hasMore) rows.length = page.window.size;
  if (page.window.direction === 'backward') rows.reverse();
  return { rows, hasMore };
}
