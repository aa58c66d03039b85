import type { Keyset } from '../../domain/cursor';
import type { PageWindow } from '../../domain/page';
import { DbTimestamp, toDate } from '../../domain/timestamp';

/**
 * How a list is ordered: newest first by (a time column, id). The one place that states it:
 * the SQL's ORDER BY and the cursor of each row both come from here.
 */
export interface ListOrder<Row> {
  /** The table alias and time column the list is ordered by, e.g. `a` and `published_at`. */
  alias: string;
  timeColumn: string;
  /** The position of a row of the list, which its cursor encodes. */
  keyOf(row: Row): Keyset;
}

/** The order of a list newest first by `timeColumn`, read back from the row's column of the same name. */
export function newestFirst<Row extends { id: number }>(alias: string, timeColumn: keyof Row & string): ListOrder<Row> {
  return { alias, timeColumn, keyOf: (row) => ({ at: toDate(row[timeColumn] as DbTimestamp), id: row.id }) };
}

/** One page of rows in the list's order, and how to find each row's position. */
export interface KeysetRows<Row> {
  rows: Row[];
  hasMore: boolean;
  keyOf(row: Row): Keyset;
}

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
 * whether more follow. `literalLimit`: see limitOf.
 */
export function keysetTail(order: ListOrder<unknown>, page: KeysetPage, where: string[], values: unknown[], literalLimit = false): string {
  const { alias, timeColumn } = order;
  const key = `(${alias}.${timeColumn}, ${alias}.id)`;
  if (page.after) {
    values.push(page.after.at, page.after.id);
    where.push(`${key} < ($${values.length - 1}, $${values.length})`);
  }
  if (page.before) {
    values.push(page.before.at, page.before.id);
    where.push(`${key} > ($${values.length - 1}, $${values.length})`);
  }
  const direction = page.window.direction === 'forward' ? 'DESC' : 'ASC';
  return `ORDER BY ${alias}.${timeColumn} ${direction}, ${alias}.id ${direction} LIMIT ${limitOf(page, values, literalLimit)}`;
}

/**
 * The LIMIT of a page: its size and one more row, as a parameter, or written into the SQL (`literal`) for a
 * statement planned for its own values, where the planner weighs an index walk against a sort by that number.
 */
export function limitOf(page: KeysetPage | { window: PageWindow }, values: unknown[], literal: boolean): string {
  const limit = page.window.size + 1;
  if (literal) return String(limit);
  values.push(limit);
  return `$${values.length}`;
}

/** Turns the rows of a keyset query (size + 1 at most, in scan order) into the page, newest first. */
export function keysetResult<Row>(rows: Row[], page: KeysetPage, order: ListOrder<Row>): KeysetRows<Row> {
  const hasMore = rows.length > page.window.size;
  if (hasMore) rows.length = page.window.size;
  if (page.window.direction === 'backward') rows.reverse();
  return { rows, hasMore, keyOf: order.keyOf };
}
