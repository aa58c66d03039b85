import { decodeCursor, encodeCursor, filterFingerprint } from '../domain/cursor';
import { PageArgs, PageWindow, pageWindow } from '../domain/page';
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
  const { fingerprint, page } = request;
  return pageOf(page, result, (row) => encodeCursor(result.keyOf(row), fingerprint), totalCount);
}

/** Assembles a page of rows in list order (`hasMore`: rows beyond it, in the direction read), whatever its cursors hold. */
export function pageOf<Row>(
  page: { window: PageWindow; after: unknown; before: unknown },
  result: { rows: Row[]; hasMore: boolean },
  cursorOf: (row: Row) => string,
  totalCount: () => Promise<number>,
): ListPage<Row> {
  const forward = page.window.direction === 'forward';
  return {
    rows: result.rows,
    // Paging forward, rows before `after` exist whenever a cursor was given (and vice versa backward);
    // Relay allows this cheaper answer instead of a second query.
    hasNextPage: forward ? result.hasMore : page.before !== null,
    hasPreviousPage: forward ? page.after !== null : result.hasMore,
    cursorOf,
    totalCount,
  };
}

/** How a list under each story is read: one story's page, every story's first pages at once, every story's count. */
export interface StoryLists<Row> {
  /** The cursor tag of one story's list (with its id). */
  tag: string;
  one: (storyId: number, args: PageArgs) => Promise<ListPage<Row>>;
  firstPages: (storyIds: readonly number[], page: KeysetPage) => Promise<KeysetRows<Row>[]>;
  counts: (storyIds: readonly number[]) => Promise<Map<number, number>>;
}

/**
 * The pages of a list under each of these stories for one request's arguments, in `storyIds` order: in one
 * statement when the arguments hold no cursor (a list of stories, each with its first items), else one per story.
 * Their counts too are read for every story at once, when the first story's totalCount is asked for.
 */
export async function pagesOfStories<Row>(lists: StoryLists<Row>, storyIds: readonly number[], args: PageArgs): Promise<(ListPage<Row> | Error)[]> {
  // A cursor belongs to one story's list: the stories it does not fit get their own error (a DataLoader key's Error),
  // and the one it came from its page; one rejection would have failed every story with the first one's error.
  if (args.after != null || args.before != null) return Promise.all(storyIds.map((id) => lists.one(id, args).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  const requests = storyIds.map((storyId) => pageRequest(args, [lists.tag, storyId]));
  const pages = await lists.firstPages(storyIds, requests[0].page);
  let counts: Promise<Map<number, number>> | undefined;
  const countOf = async (storyId: number) => (await (counts ??= lists.counts(storyIds))).get(storyId) ?? 0;
  return storyIds.map((storyId, i) => listPage(requests[i], pages[i], () => countOf(storyId)));
}
