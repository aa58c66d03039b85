import { Client } from 'pg';
import type { FeedWindow, TruthRow } from './feed';

/** The name of the database a postgres:// URL points to. */
export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** The same server's maintenance database, `postgres`, from which databases are created and dropped. */
function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** Quotes an SQL identifier, so any database name is safe to splice into CREATE or DROP. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs fn with a connected client of the URL's database, closing it afterwards. */
export async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the URL's database when it is missing (dropping it first when reset); returns what it did. */
export async function ensureDatabase(databaseUrl: string, reset: boolean): Promise<'created' | 'recreated' | 'exists'> {
  const name = databaseName(databaseUrl);
  return withClient(maintenanceUrl(databaseUrl), async (admin) => {
    if (reset) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    }
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return 'exists';
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return reset ? 'recreated' : 'created';
  });
}

/** Drops the URL's database, ending the connections it still has. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withClient(maintenanceUrl(databaseUrl), (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(databaseUrl))} WITH (FORCE)`));
}

/** The number of articles in the database; 0 before the schema exists. */
export async function countArticles(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ table: string | null }>(`SELECT to_regclass('public.article')::text AS "table"`);
    if (!rows[0].table) return 0;
    const counted = await client.query<{ n: string }>('SELECT count(*) AS n FROM article');
    return Number(counted.rows[0].n);
  });
}

/** Refreshes the planner's statistics of every table, as a freshly loaded database needs. */
export async function analyze(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query('ANALYZE'));
}

/** The server's version string, such as "16.4". */
export async function postgresVersion(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  });
}

/** The feed's rows `offset + 1` to `offset + limit`, read straight from the tables, newest first. */
export async function feedTruth(databaseUrl: string, window: FeedWindow, offset: number, limit: number): Promise<TruthRow[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ url: string; published_at: Date; source: string; category: string | null }>(
      `SELECT a.url, a.published_at, s.name AS source, c.slug AS category
       FROM article a JOIN source s ON s.id = a.source_id LEFT JOIN category c ON c.id = a.category_id
       WHERE a.published_at >= $1 AND a.published_at < $2
       ORDER BY a.published_at DESC, a.id DESC OFFSET $3 LIMIT $4`,
      [window.from, window.to, offset, limit],
    );
    return rows.map((row) => ({ url: row.url, publishedAt: row.published_at, source: row.source, category: row.category }));
  });
}
