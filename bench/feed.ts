import { request } from './http';

/** The article list query a news app sends for its feed, one page of 20. */
export const FEED_QUERY = `query Feed($from: DateTime!, $to: DateTime!, $after: String) {
  articles(first: 20, after: $after, filter: { publishedAt: { from: $from, to: $to } }) {
    edges { cursor node { id title url summary publishedAt author wordCount source { id name } category { id name slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PAGE_SIZE = 20;

/** The half-open publication window every feed request of a run asks for. */
export interface FeedWindow {
  from: Date;
  to: Date;
}

/** The last `days` days up to now. */
export function lastDays(days: number, now = new Date()): FeedWindow {
  return { from: new Date(now.getTime() - days * 86_400_000), to: now };
}

/** The POST body of the feed query for a window, after a cursor when given. */
export function feedRequest(window: FeedWindow, after: string | null = null): { query: string; variables: Record<string, unknown> } {
  return { query: FEED_QUERY, variables: { from: window.from.toISOString(), to: window.to.toISOString(), after } };
}

export interface FeedNode {
  id: string;
  title: string;
  url: string;
  summary: string | null;
  publishedAt: string;
  author: string | null;
  wordCount: number;
  source: { id: string; name: string } | null;
  category: { id: string; name: string; slug: string } | null;
}

/** One page of the feed as the API returned it. */
export interface FeedPage {
  edges: { cursor: string; node: FeedNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Raised when the API answers the feed query wrongly; the benchmark stops and exits non-zero. */
export class CorrectnessError extends Error {}

/** Sends the feed query and returns the page and the time it took; throws CorrectnessError on any error. */
export async function fetchFeed(graphqlUrl: string, window: FeedWindow, after: string | null = null): Promise<{ page: FeedPage; ms: number }> {
  const answer = await request(graphqlUrl, feedRequest(window, after));
  let body: { data?: { articles?: FeedPage | null } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(answer.body);
  } catch {
    throw new CorrectnessError(`The feed query answered ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 300)}`);
  }
  if (answer.status !== 200 || body.errors?.length || !body.data?.articles) {
    const errors = body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw new CorrectnessError(`The feed query answered ${answer.status}${errors ? ` with errors: ${errors}` : `: ${answer.body.slice(0, 300)}`}`);
  }
  return { page: body.data.articles, ms: answer.ms };
}

/**
 * Problems with a page of the feed: short of `expected` edges, not newest first, outside the window,
 * without source or category, with a wrong endCursor, or not strictly older than `olderThan`
 * (the last node of the page before it). Empty when the page is right.
 */
export function pageProblems(page: FeedPage, window: FeedWindow, expected: number, olderThan?: FeedNode): string[] {
  const problems: string[] = [];
  if (page.edges.length !== expected) problems.push(`expected ${expected} edges, got ${page.edges.length}`);
  let previous = olderThan;
  for (const [i, { cursor, node }] of page.edges.entries()) {
    const at = Date.parse(node.publishedAt);
    if (Number.isNaN(at)) problems.push(`edge ${i}: publishedAt "${node.publishedAt}" is not a date`);
    if (at < window.from.getTime() || at >= window.to.getTime()) {
      problems.push(`edge ${i}: publishedAt ${node.publishedAt} is outside [${window.from.toISOString()}, ${window.to.toISOString()})`);
    }
    if (previous && at > Date.parse(previous.publishedAt)) {
      problems.push(`edge ${i}: ${node.publishedAt} comes after the older ${previous.publishedAt}, so the list is not newest first`);
    }
    if (previous && node.id === previous.id) problems.push(`edge ${i}: article ${node.id} is repeated`);
    if (!node.source?.id || !node.source.name) problems.push(`edge ${i}: article ${node.id} has no source`);
    if (!node.category?.id || !node.category.slug) problems.push(`edge ${i}: article ${node.id} has no category`);
    if (!cursor) problems.push(`edge ${i}: empty cursor`);
    previous = node;
  }
  const last = page.edges.at(-1);
  if (last && page.pageInfo.endCursor !== last.cursor) problems.push('pageInfo.endCursor is not the cursor of the last edge');
  return problems;
}

/** Throws CorrectnessError listing the page's problems, if it has any. */
export function assertPage(what: string, page: FeedPage, window: FeedWindow, expected: number, olderThan?: FeedNode): void {
  const problems = pageProblems(page, window, expected, olderThan);
  if (problems.length > 0) {
    throw new CorrectnessError(`${what} is wrong:\n  - ${problems.slice(0, 10).join('\n  - ')}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ''}`);
  }
}
