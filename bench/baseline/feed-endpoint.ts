/**
 * The yardstick of the feed benchmark: a plain `node:http` + `pg` endpoint that answers the bench's feed query
 * (bench/feed.ts) with the JSON Newsline answers it with, byte for byte, from one SQL statement and nothing else:
 * no GraphQL, no validation beyond the variables it reads, no cache. What Newsline's feed costs above this is
 * the price of its GraphQL layer. Run by the bench as `node dist/bench/baseline/feed-endpoint.js` with PORT and
 * DATABASE_URL (and DATABASE_POOL_SIZE, Newsline's default 10) in its environment; POST /graphql, GET /healthz.
 */
import http from 'node:http';
import pg from 'pg';
import { encodeCursor, filterFingerprint } from '../../src/domain/cursor';
import { toGlobalId } from '../../src/domain/global-id';

const PAGE_SIZE = 20;

// Newsline's list statement for this page, with only the columns the bench's query selects.
const FEED = {
  name: 'baseline_feed',
  text: `SELECT a.id, a.title, a.url, a.summary, a.published_at, a.author, a.word_count,
      a.source_id, s.name AS source_name, a.category_id, c.name AS category_name, c.slug AS category_slug
    FROM article a JOIN source s ON s.id = a.source_id LEFT JOIN category c ON c.id = a.category_id
    WHERE a.published_at >= $1 AND a.published_at < $2 AND (a.published_at, a.id) < ($3, $4)
    ORDER BY a.published_at DESC, a.id DESC LIMIT ${PAGE_SIZE + 1}`,
};

interface FeedRow {
  id: number;
  title: string;
  url: string;
  summary: string | null;
  published_at: Date;
  author: string | null;
  word_count: number;
  source_id: number;
  source_name: string;
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
}

const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
// Like Newsline's pools, it keeps the connections it opens (pg-pool would close one idle for 10 s, and the next burst would pay for its reopening).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolSize, min: poolSize });

/** The page after `after` (a cursor as Newsline makes it, or null) of the articles published in [from, to). */
async function feedPage(from: Date, to: Date, after: string | null): Promise<string> {
  // Cursors carry a fingerprint of the filter they were made under; Newsline's article list hashes this.
  const fingerprint = filterFingerprint(['articles', { from, to, sourceIds: null, categorySlugs: null, language: null }]);
  // Without a cursor the page starts at `to` (excluded anyway), so one statement serves every page.
  let position = { at: to, id: 2147483647 };
  if (after !== null) {
    const [, at, id] = Buffer.from(after, 'base64url').toString('utf8').split(':');
    position = { at: new Date(Number(at)), id: Number(id) };
  }
  const { rows } = await pool.query<FeedRow>({ ...FEED, values: [from, to, position.at, position.id] });
  const page = rows.slice(0, PAGE_SIZE);
  const edges = page.map((row) => ({
    cursor: encodeCursor({ at: row.published_at, id: row.id }, fingerprint),
    node: {
      id: toGlobalId('Article', row.id),
      title: row.title,
      url: row.url,
      summary: row.summary,
      publishedAt: row.published_at.toISOString(),
      author: row.author,
      wordCount: row.word_count,
      source: { id: toGlobalId('Source', row.source_id), name: row.source_name },
      category: row.category_id === null ? null : { id: toGlobalId('Category', row.category_id), name: row.category_name, slug: row.category_slug },
    },
  }));
  return JSON.stringify({
    data: { articles: { edges, pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: edges.at(-1)?.cursor ?? null } } },
  });
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return send(res, 200, '{"status":"ok"}');
  if (req.url !== '/graphql' || req.method !== 'POST') return send(res, 404, '{"error":"POST /graphql"}');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let variables: { from?: string; to?: string; after?: string | null };
    try {
      variables = JSON.parse(Buffer.concat(chunks).toString('utf8')).variables ?? {};
    } catch {
      return send(res, 400, '{"errors":[{"message":"The body must be JSON."}]}');
    }
    const from = new Date(variables.from ?? NaN);
    const to = new Date(variables.to ?? NaN);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      return send(res, 400, '{"errors":[{"message":"Variables from and to must be date-times."}]}');
    }
    feedPage(from, to, variables.after ?? null).then(
      (body) => send(res, 200, body),
      (error: Error) => send(res, 500, JSON.stringify({ errors: [{ message: error.message }] })),
    );
  });
});

server.listen(Number(process.env.PORT ?? 4200), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeIdleConnections();
  void pool.end().then(() => process.exit(0));
});
