import { toGlobalId } from '../../src/domain/global-id';
import { RELEVANCE_CANDIDATES, RELEVANCE_DENSE_MATCHES, RELEVANCE_SAMPLE } from '../../src/domain/search';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';

/**
 * Which matches RELEVANCE ranks: the newest RELEVANCE_CANDIDATES, whichever way the statement finds them (walking
 * the newest rows when matches are dense among them, or taking every match from the GIN index when they are
 * sparse). Each query below is built to take one way, and its pages must equal a reference computed without
 * either: every match, the newest RELEVANCE_CANDIDATES kept, ranked by the score the README gives.
 */

const ROWS = 2500;
const MINUTE = 60_000;
const NEWEST = new Date(Date.now() - MINUTE);

let app: TestApp;
let gazette: number;

/** The filters the tests use, as the API takes them and as SQL for the reference. */
type Filter = { sourceId?: number; to?: Date };
const apiFilter = (filter: Filter) => ({
  ...(filter.sourceId ? { sourceIds: [toGlobalId('Source', filter.sourceId)] } : {}),
  ...(filter.to ? { publishedAt: { to: filter.to.toISOString() } } : {}),
});

const SEARCH = `query Search($query: String!, $after: String, $filter: ArticleFilter) {
  searchArticles(query: $query, first: 100, after: $after, filter: $filter) {
    edges { score node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Ranked = { id: string; score: number };
type SearchBody = {
  errors?: unknown;
  data: { searchArticles: { edges: { score: number; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
};

/** Every article RELEVANCE lists for the query, page after page, in its order, with its score. */
async function listed(query: string, filter: Filter = {}): Promise<Ranked[]> {
  const ids: Ranked[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const { body }: { body: SearchBody } = await app.graphql(SEARCH, { query, after, filter: apiFilter(filter) });
    expect(body.errors).toBeUndefined();
    ids.push(...body.data.searchArticles.edges.map((e) => ({ id: e.node.id, score: e.score })));
    if (!body.data.searchArticles.pageInfo.hasNextPage) break;
    after = body.data.searchArticles.pageInfo.endCursor;
  }
  return ids;
}

/**
 * The reference: all matches (English articles), the newest RELEVANCE_CANDIDATES of them, by the README's score
 * as of now (the listing scored as of its first page, a moment earlier), highest first.
 */
async function reference(query: string, filter: Filter = {}): Promise<Ranked[]> {
  const rows: { id: number; score: number }[] = await app.dataSource.query(
    `WITH q AS (SELECT websearch_to_tsquery('newsline_en', $1) AS q),
     newest AS (SELECT a.id, a.published_at, a.search_vector FROM article a, q WHERE a.search_vector @@ q.q
                  AND ($3::int IS NULL OR a.source_id = $3) AND ($4::timestamptz IS NULL OR a.published_at < $4)
                ORDER BY a.published_at DESC, a.id DESC LIMIT $2)
     SELECT n.id, ts_rank(n.search_vector, q.q) * (1 + 0.25 / (1 + greatest(0, extract(epoch FROM now() - n.published_at)::float8 / 3600) / 24)) AS score
     FROM newest n, q ORDER BY score DESC, n.id DESC`,
    [query, RELEVANCE_CANDIDATES, filter.sourceId ?? null, filter.to ?? null],
  );
  return rows.map((row) => ({ id: toGlobalId('Article', row.id), score: Number(row.score) }));
}

/**
 * Expects the listing to be the reference: the same articles with the same scores (to within what the moments
 * between the two scorings change of their ages), highest score first.
 */
function expectSame(got: Ranked[], expected: Ranked[]): void {
  expect(got.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
  const scoreOf = new Map(expected.map((r) => [r.id, r.score]));
  // The recency factor of a fresh article moves by at most 0.25 / 1.25 / 86,400 ≈ 2.3e-6 of the score per second,
  // so 1e-4 allows the two scorings to be 40 s apart (a busy machine) and still catches any wrong weight or term.
  for (const { id, score } of got) expect(Math.abs(score - scoreOf.get(id)!)).toBeLessThan(1e-4 * score);
  for (let i = 1; i < got.length; i++) expect(got[i].score).toBeLessThanOrEqual(got[i - 1].score);
}

/** How many of the newest RELEVANCE_SAMPLE articles match: what decides the way. */
async function matchesInSample(query: string): Promise<number> {
  const [{ n }] = await app.dataSource.query(
    `SELECT count(*) FILTER (WHERE search_vector @@ websearch_to_tsquery('newsline_en', $1))::int AS n
     FROM (SELECT search_vector FROM article ORDER BY published_at DESC, id DESC LIMIT $2) newest`,
    [query, RELEVANCE_SAMPLE],
  );
  return n;
}

beforeAll(async () => {
  app = await startTestApp();
  const source = await insertSource(app.dataSource, { name: 'Relevance Courier', language: 'en' });
  // Row i is published i minutes before NEWEST. "quarrow" is in every other row: dense among the newest.
  // "tessaline" is only in rows older than the newest RELEVANCE_SAMPLE, but in 450 of them: sparse among the
  // newest, yet more matches than RELEVANCE ranks. "veldspar" is in every 83rd row: sparse, and few.
  // Where the word stands (title, summary, body) and how often varies, so scores do not follow time.
  await app.dataSource.query(
    `INSERT INTO article (url, source_id, title, summary, body_text, language, published_at, first_seen_at)
     SELECT 'https://relevance.example/' || i, $1,
            'Report ' || i || CASE WHEN i % 2 = 0 AND i % 7 = 0 THEN ' quarrow' ELSE '' END
                           || CASE WHEN i >= $3 AND i % 10 < 9 AND i % 5 = 0 THEN ' tessaline' ELSE '' END
                           || CASE WHEN i % 83 = 0 AND i % 3 = 0 THEN ' veldspar' ELSE '' END,
            'Summary ' || i || CASE WHEN i % 2 = 0 AND i % 3 = 0 THEN ' quarrow' ELSE '' END
                            || CASE WHEN i >= $3 AND i % 10 < 9 AND i % 4 = 0 THEN ' tessaline' ELSE '' END,
            'Body of ' || i || repeat(CASE WHEN i % 2 = 0 THEN ' quarrow' ELSE ' filler' END, 1 + i % 4)
                            || CASE WHEN i >= $3 AND i % 10 < 9 THEN ' tessaline' ELSE '' END
                            || CASE WHEN i % 83 = 0 THEN ' veldspar' ELSE '' END,
            'en', $2::timestamptz - i * interval '1 minute', $2::timestamptz - i * interval '1 minute'
     FROM generate_series(0, $4 - 1) AS i`,
    [source.id, NEWEST, RELEVANCE_SAMPLE, ROWS],
  );
  // Another source's 500 articles, all older than the rest, each with "quarrow" somewhere.
  gazette = (await insertSource(app.dataSource, { name: 'Old Gazette', language: 'en' })).id;
  await app.dataSource.query(
    `INSERT INTO article (url, source_id, title, summary, body_text, language, published_at, first_seen_at)
     SELECT 'https://gazette.example/' || i, $1, 'Gazette ' || i || CASE WHEN i % 5 = 0 THEN ' quarrow' ELSE '' END,
            'Summary ' || i, 'Body ' || i || repeat(' quarrow', 1 + i % 3), 'en',
            $2::timestamptz - ($3 + i) * interval '1 minute', $2::timestamptz - ($3 + i) * interval '1 minute'
     FROM generate_series(0, 499) AS i`,
    [gazette, NEWEST, ROWS],
  );
});
afterAll(() => app?.close());

describe('searchArticles RELEVANCE: the newest matches, found either way', () => {
  it('a word in every other article (dense: walked newest first) lists the newest RELEVANCE_CANDIDATES matches, ranked', async () => {
    expect(await matchesInSample('quarrow')).toBeGreaterThanOrEqual(RELEVANCE_DENSE_MATCHES);
    const expected = await reference('quarrow');
    expect(expected).toHaveLength(RELEVANCE_CANDIDATES);
    expectSame(await listed('quarrow'), expected);
  });

  it('a word only in older articles (sparse among the newest: from the index) lists its newest RELEVANCE_CANDIDATES matches, ranked', async () => {
    expect(await matchesInSample('tessaline')).toBe(0);
    const expected = await reference('tessaline');
    expect(expected).toHaveLength(RELEVANCE_CANDIDATES);
    expectSame(await listed('tessaline'), expected);
  });

  it('a rare word (sparse, few) lists all its matches, ranked', async () => {
    expect(await matchesInSample('veldspar')).toBeLessThan(RELEVANCE_DENSE_MATCHES);
    const expected = await reference('veldspar');
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.length).toBeLessThan(RELEVANCE_CANDIDATES);
    expectSame(await listed('veldspar'), expected);
  });

  it('a dense word within a source that holds none of the newest articles (sparse there: from the index) lists its newest matches there', async () => {
    const expected = await reference('quarrow', { sourceId: gazette });
    expect(expected).toHaveLength(RELEVANCE_CANDIDATES);
    expectSame(await listed('quarrow', { sourceId: gazette }), expected);
  });

  it('a dense word published before a date (the walk starts there) lists the newest matches before it', async () => {
    const to = new Date(NEWEST.getTime() - 1500 * MINUTE);
    const expected = await reference('quarrow', { to });
    expect(expected).toHaveLength(RELEVANCE_CANDIDATES);
    expectSame(await listed('quarrow', { to }), expected);
  });

  it('a phrase of dense words (walked) lists the same as the reference', async () => {
    expect(await matchesInSample('"quarrow quarrow"')).toBeGreaterThanOrEqual(RELEVANCE_DENSE_MATCHES);
    const expected = await reference('"quarrow quarrow"');
    expect(expected).toHaveLength(RELEVANCE_CANDIDATES);
    expectSame(await listed('"quarrow quarrow"'), expected);
  });
});
