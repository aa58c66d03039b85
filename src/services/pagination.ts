import { decodeCursor, encodeCursor, filterFingerprint } from '../domain/cursor';
import { PageArgs, pageWindow } from '../domain/page';
import type { KeysetPage, KeysetRows } from '../db/repositories/keyset';

/** One page of a list, newest first, with what a Relay connection needs to describe it. */
export interface ListPage<Row> {
  rows: Row[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Makes the cursor of a row of this page (its position in the list's order, under the page's filters). */
  cursorOf: (row: Row) => string;
  /** Counts every row the filter matches; a separate statement, so only run when asked. */
  totalCount: () => Promise<number>;
}

/** A validated page request, bound to the filters it was made under. */
export interface PageRequest {
  page: KeysetPage;
  fingerprint: string;
  args: PageArgs;
}

/** Validates the Relay arguments and decodes their cursors against the list's filters. */
export function pageRequest(args: PageArgs, filterKey: unknown): PageRequest {
  const window = pageWindow(args);
  const fingerprint = filterFingerprint(filterKey);
  const after = args.after != null ? decodeCursor(args.after, fingerprint, 'after') : null;
  const before = args.before != null ? decodeCursor(args.before, fingerprint, 'before') : null;
  return { page: { window, after, before }, fingerprint, args };
}

/** Assembles the page from the rows a keyset query returned. */
export function listPage<Row>(
  request: PageRequest,
  result: KeysetRows<Row>,
  totalCount: () => Promise<number>,
): ListPage<Row> {
  const forward = request.page.window.direction === 'forward';
  const { fingerprint } = request;
  return {
    rows: result.rows,
    // Paging forward, rows before `after` exist whenever a cursor was given (and vice versa backward);
    // Relay allows this cheaper answer instead of a second query.
    hasNextPage: forward ? result.hasMore : request.page.before !== null,
    hasPreviousPage: forward ? request.page.after !== null : result.hasMore,
    cursorOf: (row) => encodeCursor(result.keyOf(row), fingerprint),
    totalCount,
  };
}
