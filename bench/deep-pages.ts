import { assertPage, CorrectnessError, fetchFeed, FeedNode, FeedWindow, PAGE_SIZE } from './feed';

/** How deep a walk through the feed got, and the cursor of the deepest full page it can ask for again. */
export interface DeepCursor {
  /** Rows before the deep page: the deep page starts at row depth + 1. */
  depth: number;
  cursor: string;
  /** The row just before the deep page, which the deep page must be older than. */
  lastSeen: FeedNode;
  pages: number;
  seconds: number;
}

/**
 * Pages through the feed with `after` cursors until `depth` rows are behind it or the list ends,
 * checking every page (order, window, no repeats across pages). At most ceil(depth / 20) requests.
 */
export async function walkToDepth(graphqlUrl: string, window: FeedWindow, depth: number): Promise<DeepCursor> {
  const started = performance.now();
  const seen = new Set<string>();
  const maxPages = Math.ceil(depth / PAGE_SIZE);
  let deepest: DeepCursor | null = null;
  let after: string | null = null;
  let lastSeen: FeedNode | undefined;
  let rows = 0;
  for (let pages = 1; pages <= maxPages; pages++) {
    const { page } = await fetchFeed(graphqlUrl, window, after);
    const expected = page.pageInfo.hasNextPage ? PAGE_SIZE : page.edges.length;
    assertPage(`Page ${pages} of the walk (after row ${rows})`, page, window, expected, lastSeen);
    for (const { node } of page.edges) {
      if (seen.has(node.id)) throw new CorrectnessError(`Article ${node.id} appears twice while paging, the second time on page ${pages}.`);
      seen.add(node.id);
    }
    rows += page.edges.length;
    lastSeen = page.edges.at(-1)?.node ?? lastSeen;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || !lastSeen) break;
    after = page.pageInfo.endCursor;
    deepest = { depth: rows, cursor: after, lastSeen, pages, seconds: 0 };
  }
  if (!deepest) throw new CorrectnessError('The feed has no second page, so there is no deep page to time.');
  return { ...deepest, seconds: (performance.now() - started) / 1000 };
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds of `samples` sequential requests for the page after `after` (the first page when null), after 10 untimed ones. */
export async function timePage(graphqlUrl: string, window: FeedWindow, after: string | null, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 10 + samples; i++) {
    const { ms } = await fetchFeed(graphqlUrl, window, after);
    if (i >= 10) times.push(ms);
  }
  return times;
}
