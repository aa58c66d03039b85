import { Client } from 'pg';
import { App, startApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { testServerConfig } from '../helpers/app';
import { insertArticle, insertSource } from '../helpers/fixtures';
import { clustersUnavailable, PostgresClusters, PostgresServer } from '../helpers/postgres-cluster';

// Replication needs servers of the test's own (the machine's server accepts no replication
// connections), so this runs in the PostgreSQL pass only.
const skipped = process.env.TEST_DATABASE_URL ? clustersUnavailable() : 'runs in the PostgreSQL pass only (set TEST_DATABASE_URL)';
const describeReplicas = skipped ? describe.skip : describe;

async function sql<Row>(url: string, text: string): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Row[];
  } finally {
    await client.end();
  }
}

describeReplicas(`reads on a streaming replica${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let clusters: PostgresClusters;
  let primary: PostgresServer;
  let replica: PostgresServer;
  let app: App;

  /** The titles the API lists, newest first. */
  const titles = async (): Promise<string[]> => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 10) { edges { node { title } } } }' }),
    });
    const body = (await response.json()) as { data: { articles: { edges: { node: { title: string } }[] } } };
    return body.data.articles.edges.map((edge) => edge.node.title);
  };

  /** Waits until the replica has replayed everything the primary wrote so far, then pauses its replay. */
  const catchUpAndPause = async () => {
    const [{ lsn }] = await sql<{ lsn: string }>(primary.url('newsline'), 'SELECT pg_current_wal_lsn()::text AS lsn');
    for (;;) {
      const [{ behind }] = await sql<{ behind: boolean }>(replica.url('newsline'), `SELECT pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn AS behind`);
      if (!behind) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await sql(replica.url('newsline'), 'SELECT pg_wal_replay_pause()');
  };

  const article = async (title: string) => {
    const source = await insertSource(app.dataSource);
    await insertArticle(app.dataSource, { sourceId: source.id, title, publishedAt: new Date() });
  };

  beforeAll(async () => {
    clusters = PostgresClusters.create();
    primary = await clusters.primary();
    await sql(primary.url(), 'CREATE DATABASE newsline');
    replica = await clusters.replicaOf(primary);
    const config = testServerConfig({
      DATABASE_URL: primary.url('newsline'),
      DATABASE_REPLICA_URLS: replica.url('newsline'),
      DATABASE_REPLICA_RETRY_MS: '300',
    });
    app = await startApp(config, createLogger(config.logLevel));
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await clusters?.dispose();
  });

  it('reads from the replica, falls back to the primary within a second when it stops, and returns to it when it is back', async () => {
    // The replica stops replaying, so a row written now is on the primary only: its absence says who answered.
    await catchUpAndPause();
    await article('Only on the primary');
    expect(await sql(primary.url('newsline'), "SELECT 1 FROM article WHERE title = 'Only on the primary'")).toHaveLength(1);
    expect(await titles()).toEqual([]);

    await replica.stop();
    const stopped = Date.now();
    expect(await titles()).toEqual(['Only on the primary']);
    expect(Date.now() - stopped).toBeLessThan(1000);

    await replica.start();
    await catchUpAndPause();
    await article('Written while the replica pauses');
    const back = Date.now();
    let seen = await titles();
    while (seen.includes('Written while the replica pauses') && Date.now() - back < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await titles();
    }
    expect(seen).toEqual(['Only on the primary']);
  });
});
