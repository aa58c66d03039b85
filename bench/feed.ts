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
 * without a source, with an incomplete category, with a wrong endCursor, or not strictly older than `olderThan`
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
    // Category is nullable (about one demo article in ten has none); one that is there must be whole.
    if (node.category && (!node.category.id || !node.category.name || !node.category.slug)) {
      problems.push(`edge ${i}: article ${node.id} has an incomplete category ${JSON.stringify(node.category)}`);
    }
    if (!cursor) problems.push(`edge ${i}: empty cursor`);
    previous = node;
  }
  const last = page.edges.at(-1);
  if (last && page.pageInfo.endCursor !== last.cursor) problems.push('pageInfo.endCursor is not the cursor of the last edge');
  return problems;
}

/** An article of the feed as the database has it, to compare the API's answer with. */
export interface TruthRow {
  url: string;
  publishedAt: Date;
  source: string;
  /** The category's slug; null for an article without one. */
  category: string | null;
}

/** Where a page differs from the rows the database says it should hold, in order. */
export function truthProblems(page: FeedPage, truth: TruthRow[]): string[] {
  const problems: string[] = [];
  if (page.edges.length !== truth.length) problems.push(`expected ${truth.length} edges as in the database, got ${page.edges.length}`);
  for (const [i, { node }] of page.edges.slice(0, truth.length).entries()) {
    const row = truth[i];
    if (node.url !== row.url) {
      problems.push(`edge ${i}: expected the article ${row.url} (published ${row.publishedAt.toISOString()}), got ${node.url}`);
      continue;
    }
    if (Date.parse(node.publishedAt) !== row.publishedAt.getTime()) {
      problems.push(`edge ${i}: publishedAt ${node.publishedAt}, but the database has ${row.publishedAt.toISOString()}`);
    }
    if (node.source?.name !== row.source) problems.push(`edge ${i}: source ${JSON.stringify(node.source?.name)}, but the database has "${row.source}"`);
    if ((node.category?.slug ?? null) !== row.category) {
      problems.push(`edge ${i}: category ${JSON.stringify(node.category?.slug ?? null)}, but the database has ${JSON.stringify(row.category)}`);
    }
  }
  return problems;
}

/** Throws CorrectnessError listing the page's problems (and its differences from `truth`, when given), if any. */
export function assertPage(what: string, page: FeedPage, window: FeedWindow, expected: number, olderThan?: FeedNode, truth?: TruthRow[]): void {
  const problems = [...pageProblems(page, window, expected, olderThan), ...(truth ? truthProblems(page, truth) : [])];
  if (problems.length > 0) {
    throw new CorrectnessError(`${what} is wrong:\n  - ${problems.slice(0, 10).join('\n  - ')}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ''}`);
  }
}
