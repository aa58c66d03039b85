/**
 * The search scenario of the feed benchmark: latency of `searchArticles` for a rare word, a common word and a
 * phrase, by RELEVANCE and NEWEST, on the first page and on page 20, with the plans PostgreSQL chose for them.
 */
import { ARTICLES, SearchRepository } from '../src/db/repositories/search.repository';
import type { Sql, Statement } from '../src/db/sql';
import { SearchOrder } from '../src/domain/search';
import { withClient } from './database';
import { median } from './deep-pages';
import { CorrectnessError, PAGE_SIZE } from './feed';
import { request } from './http';

/** The queries timed: what each stands for, and the text sent. */
export const SEARCH_CASES = [
  { kind: 'rare word', query: 'Stadtrat' },
  { kind: 'common word', query: 'welcome' },
  { kind: 'phrase', query: '"prime minister"' },
] as const;

/** The page timed deep in the list. */
export const DEEP_PAGE = 20;

const SEARCH_QUERY = `query Search($query: String!, $orderBy: SearchOrder, $after: String) {
  searchArticles(query: $query, orderBy: $orderBy, first: ${PAGE_SIZE}, after: $after) {
    edges { cursor score node { id title publishedAt source { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SearchPage {
  edges: { cursor: string; score: number; node: { id: string; title: string; publishedAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** One timed row of the search table. */
export interface SearchRow {
  kind: string;
  query: string;
  order: SearchOrder;
  /** 1, or the page number reached on the way to DEEP_PAGE (fewer when the list is shorter). */
  page: number;
  matches: number;
  p50: number;
  p99: number;
}

/** Sends one search and returns its page and time; throws CorrectnessError on any error. */
async function fetchSearch(graphqlUrl: string, query: string, order: SearchOrder, after: string | null): Promise<{ page: SearchPage; ms: number }> {
  const answer = await request(graphqlUrl, { query: SEARCH_QUERY, variables: { query, orderBy: order, after } });
  const body = JSON.parse(answer.body) as { data?: { searchArticles?: SearchPage }; errors?: { message: string }[] };
  if (answer.status !== 200 || body.errors?.length || !body.data?.searchArticles) {
    throw new CorrectnessError(`searchArticles(${JSON.stringify(query)}, ${order}) answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  return { page: body.data.searchArticles, ms: answer.ms };
}

/**
 * Pages to DEEP_PAGE (or the last page), checking that no article comes twice and that each page keeps the
 * order (scores falling for RELEVANCE, times falling for NEWEST); returns the cursor of the deepest page's start.
 */
async function walk(graphqlUrl: string, query: string, order: SearchOrder): Promise<{ page: number; after: string | null }> {
  const seen = new Set<string>();
  let after: string | null = null;
  let last = { score: Infinity, at: Infinity };
  for (let page = 1; ; page++) {
    const { page: result } = await fetchSearch(graphqlUrl, query, order, after);
    for (const { node, score } of result.edges) {
      if (seen.has(node.id)) throw new CorrectnessError(`Search ${JSON.stringify(query)} ${order} repeats ${node.id} on page ${page}.`);
      seen.add(node.id);
      const at = Date.parse(node.publishedAt);
      const inOrder = order === SearchOrder.RELEVANCE ? score <= last.score : at <= last.at;
      if (!inOrder) throw new CorrectnessError(`Search ${JSON.stringify(query)} ${order} is out of order at ${node.id} on page ${page}.`);
      last = { score, at };
    }
    if (page === DEEP_PAGE || !result.pageInfo.hasNextPage) return { page, after };
    after = result.pageInfo.endCursor;
  }
}

/** Milliseconds of `samples` sequential requests of one page, after 10 untimed ones. */
async function timeSearch(graphqlUrl: string, query: string, order: SearchOrder, after: string | null, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 10 + samples; i++) {
    const { ms } = await fetchSearch(graphqlUrl, query, order, after);
    if (i >= 10) times.push(ms);
  }
  return times;
}

/** The value below which `fraction` of the numbers fall (nearest rank). */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const NO_FILTER = { from: null, to: null, sourceIds: null, categorySlugs: null, language: null };

/** How many articles match a query (not timed), counted by the statement `totalCount` runs. */
async function countMatches(databaseUrl: string, query: string): Promise<number> {
  return withClient(databaseUrl, (client) => {
    const sql = { read: async (statement: Statement, values: unknown[]) => (await client.query(statement.text, values)).rows } as unknown as Sql;
    return new SearchRepository(sql).count(ARTICLES, { query, filter: NO_FILTER, asOf: new Date() });
  });
}

/** Times every case, order and page; `say` hears each row as it is measured. */
export async function runSearchScenario(graphqlUrl: string, databaseUrl: string, samples: number, say: (line: string) => void): Promise<SearchRow[]> {
  const rows: SearchRow[] = [];
  for (const { kind, query } of SEARCH_CASES) {
    const matches = await countMatches(databaseUrl, query);
    for (const order of [SearchOrder.RELEVANCE, SearchOrder.NEWEST]) {
      const deep = await walk(graphqlUrl, query, order);
      const pages: [number, string | null][] = deep.page > 1 ? [[1, null], [deep.page, deep.after]] : [[1, null]];
      for (const [page, after] of pages) {
        const times = await timeSearch(graphqlUrl, query, order, after, samples);
        const row: SearchRow = { kind, query, order, page, matches, p50: median(times), p99: percentile(times, 0.99) };
        rows.push(row);
        say(searchRow(row));
      }
    }
  }
  return rows;
}

/** The header of the search table. */
export function searchHeader(): string {
  const header = `${'query'.padEnd(30)}  ${'order'.padEnd(9)}  ${'page'.padStart(4)}  ${'matches'.padStart(9)}  ${'p50 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}`;
  return `${header}\n${'-'.repeat(header.length)}`;
}

/** One row of the search table. */
export function searchRow(row: SearchRow): string {
  const label = `${row.kind}: ${row.query}`.slice(0, 30).padEnd(30);
  return `${label}  ${row.order.padEnd(9)}  ${String(row.page).padStart(4)}  ${row.matches.toLocaleString('en-US').padStart(9)}  ${row.p50.toFixed(2).padStart(8)}  ${row.p99.toFixed(2).padStart(8)}`;
}

/**
 * The plans PostgreSQL runs for each case's first page, by order: the statements the repository sends, caught
 * on their way, then EXPLAIN (ANALYZE, BUFFERS) with the same values on a connection set up as the server's.
 */
export async function searchPlans(databaseUrl: string): Promise<string[]> {
  const sent: Statement[] = [];
  const values: unknown[][] = [];
  const catching = { read: async (statement: Statement, args: unknown[]) => (sent.push(statement), values.push(args), []) } as unknown as Sql;
  const repository = new SearchRepository(catching);
  const filter = NO_FILTER;
  const window = { direction: 'forward' as const, size: PAGE_SIZE };
  const labels: string[] = [];
  for (const { kind, query } of SEARCH_CASES) {
    const search = { query, filter, asOf: new Date() };
    await repository.relevant(ARTICLES, search, { window, after: null, before: null });
    labels.push(`${kind} ${JSON.stringify(query)}, RELEVANCE, first page`);
    await repository.newest(ARTICLES, search, { window, after: null, before: null });
    labels.push(`${kind} ${JSON.stringify(query)}, NEWEST, first page`);
  }
  return withClient(databaseUrl, async (client) => {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query('SET jit = off');
    const plans: string[] = [];
    for (let i = 0; i < sent.length; i++) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sent[i].text}`, values[i]);
      plans.push(`-- ${labels[i]}\n${rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')}`);
    }
    return plans;
  });
}
