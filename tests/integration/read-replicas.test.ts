import { Client } from 'pg';
import { App, startApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { testServerConfig } from '../helpers/app';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { insertArticle, insertSource } from '../helpers/fixtures';
import { freePort } from '../helpers/free-port';
import { clustersUnavailable, PostgresClusters, PostgresServer } from '../helpers/postgres-cluster';
import { recordingLogger } from '../helpers/recording-logger';
import { startSilentServer } from '../helpers/tcp-relay';

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

/** The titles `url`'s API lists, newest first. */
async function listedTitles(url: string): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ articles(first: 10) { edges { node { title } } } }' }),
  });
  const body = (await response.json()) as { data: { articles: { edges: { node: { title: string } }[] } } };
  return body.data.articles.edges.map((edge) => edge.node.title);
}

describeReplicas(`reads on a streaming replica${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let clusters: PostgresClusters;
  let primary: PostgresServer;
  let replica: PostgresServer;
  let app: App;

  const logger = recordingLogger();
  const titles = () => listedTitles(app.url);

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
    app = await startApp(config, logger);
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

    expect(logger.entries.filter((e) => e.message.includes('replica'))).toEqual([]);
    await replica.stop();
    const stopped = Date.now();
    expect(await titles()).toEqual(['Only on the primary']);
    expect(Date.now() - stopped).toBeLessThan(1000);
    // Said once, with which replica and why.
    const leftOut = logger.entries.filter((e) => e.message === 'a read replica is left out: reads go to the primary');
    expect(leftOut).toEqual([{ level: 'warn', message: expect.any(String), fields: { replica: `replica 1 (127.0.0.1:${replica.port}/newsline)`, reason: expect.stringMatching(/^it cannot be reached: /), retryInMs: 300 } }]);

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
    expect(logger.entries.filter((e) => e.message === 'a read replica is read from again')).toEqual([
      { level: 'info', message: 'a read replica is read from again', fields: { replica: `replica 1 (127.0.0.1:${replica.port}/newsline)` } },
    ]);
  });
  it('answers from the primary a read the replica cancels for a conflict with recovery, and keeps reading from the replica', async () => {
    // A replica that waits for no query before it replays (max_standby_streaming_delay = 0) cancels the reads that
    // hold a lock the primary's WAL takes (SQLSTATE 40001, "canceling statement due to conflict with recovery"),
    // as any replica does once they have held up its replay for that long: the read is fine, the primary answers it.
    await replica.configure(['max_standby_streaming_delay = 0']);
    await sql(replica.url('newsline'), 'SELECT pg_wal_replay_resume()');
    const conflicts = async () => {
      const [{ count }] = await sql<{ count: string }>(replica.url('newsline'), "SELECT confl_lock::text AS count FROM pg_stat_database_conflicts WHERE datname = 'newsline'");
      return Number(count);
    };
    const before = await conflicts();
    const warnings = () => logger.entries.filter((e) => e.level === 'warn').length;
    const warned = warnings();
    let done = false;
    const failures: unknown[] = [];
    let answered = 0;
    // Reads that each miss the response cache (a range of their own), four at a time, until the locks have canceled some.
    let reads = 0;
    const reader = async () => {
      while (!done) {
        const to = new Date(Date.now() + 86_400_000 + reads++).toISOString();
        const response = await fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'query($to: DateTime) { articles(first: 5, filter: { publishedAt: { to: $to } }) { edges { node { title } } } }', variables: { to } }),
        });
        const body = (await response.json()) as { errors?: unknown; data?: { articles: { edges: unknown[] } } };
        if (body.errors || !body.data?.articles.edges.length) failures.push(body);
        answered += 1;
      }
    };
    const readers = [1, 2, 3, 4].map(reader);
    const locker = new Client({ connectionString: primary.url('newsline') });
    await locker.connect();
    // Its commits reach the replica at once, not at the primary's next WAL flush.
    await locker.query('SET synchronous_commit = on');
    try {
      const deadline = Date.now() + 30_000;
      while ((await conflicts()) - before < 3 && Date.now() < deadline) {
        for (let i = 0; i < 20; i++) await locker.query('BEGIN; LOCK TABLE article IN ACCESS EXCLUSIVE MODE; COMMIT');
      }
    } finally {
      done = true;
      await Promise.all(readers);
      await locker.end();
    }
    // The reads the replica canceled (counted by the replica itself), with the reads answered, should this fail.
    const canceled = (await conflicts()) - before;
    expect({ atLeastThree: canceled >= 3, canceled, answered }).toEqual({ atLeastThree: true, canceled, answered });
    expect({ failures: failures.slice(0, 3), answered: answered > 0 }).toEqual({ failures: [], answered: true });
    // Not a fault of the replica: it is not left out, and is read from still (a row it has not replayed is not listed).
    expect(warnings()).toBe(warned);
    await catchUpAndPause();
    await article('After the conflicts, on the primary only');
    expect(await titles()).not.toContain('After the conflicts, on the primary only');
    expect(await sql(primary.url('newsline'), "SELECT 1 FROM article WHERE title = 'After the conflicts, on the primary only'")).toHaveLength(1);
  });
});

// Databases of the machine's server that are not replicas of the primary: the PostgreSQL pass only.
const describeOnServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnServer('a DATABASE_REPLICA_URLS entry that is not a replica of DATABASE_URL', () => {
  const databases: TestDatabase[] = [];
  const apps: App[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(databases.map((database) => database.dispose()));
  });

  /** A server on a primary of its own (with one article) reading from `replicaUrl`, and what it logged. */
  async function serve(replicaUrl: string) {
    const database = await createTestDatabase();
    databases.push(database);
    const logger = recordingLogger();
    const config = testServerConfig({ DATABASE_URL: database.target.databaseUrl!, DATABASE_REPLICA_URLS: replicaUrl, DATABASE_REPLICA_RETRY_MS: '200' });
    const started = Date.now();
    const app = await startApp(config, logger);
    const startMs = Date.now() - started;
    apps.push(app);
    await insertArticle(app.dataSource, { sourceId: (await insertSource(app.dataSource)).id, title: 'On the primary', publishedAt: new Date() });
    const leftOut = () => logger.entries.filter((e) => e.message === 'a read replica is left out: reads go to the primary').map((e) => e.fields.reason);
    return { app, startMs, leftOut };
  }

  it('is not read from when it is another Newsline database, however like it: its rows are not the primary\'s', async () => {
    const other = await createTestDatabase();
    databases.push(other);
    const otherApp = await startApp(testServerConfig({ DATABASE_URL: other.target.databaseUrl! }), createLogger('error'));
    await insertArticle(otherApp.dataSource, { sourceId: (await insertSource(otherApp.dataSource)).id, title: 'On another database', publishedAt: new Date() });
    await otherApp.stop();

    const { app, leftOut } = await serve(other.target.databaseUrl!);
    expect(await listedTitles(app.url)).toEqual(['On the primary']);
    expect(leftOut()).toEqual([expect.stringMatching(/^it is another database, not a replica of DATABASE_URL \(its identity is \S+, the primary's \S+\)$/)]);
  });

  it('is not read from when it has no Newsline schema, and the start does not fail for it', async () => {
    const empty = await createTestDatabase();
    databases.push(empty);
    const { app, leftOut } = await serve(empty.target.databaseUrl!);
    expect(await listedTitles(app.url)).toEqual(['On the primary']);
    expect(leftOut()).toEqual([expect.stringMatching(/^it is not a Newsline database like the primary: .*newsline_database_identity/)]);
  });

  it('that lacks what a read needs is left out at that read, which the primary answers', async () => {
    // The primary itself through a role that may read only what the replica check reads: it passes the check, then
    // the first list fails there with permission denied (42501), as a read of a table a replica lacks would (42P01).
    const database = await createTestDatabase();
    databases.push(database);
    const role = `newsline_limited_${process.pid}`;
    const primaryUrl = database.target.databaseUrl!;
    const owner = await startApp(testServerConfig({ DATABASE_URL: primaryUrl }), createLogger('error'));
    await owner.stop();
    await sql(primaryUrl, `DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN; GRANT SELECT ON database_identity, migrations TO ${role}; GRANT EXECUTE ON FUNCTION pg_control_system() TO ${role}`);
    try {
      const limitedUrl = new URL(primaryUrl);
      limitedUrl.username = role;
      const logger = recordingLogger();
      const app = await startApp(testServerConfig({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: limitedUrl.toString(), DATABASE_REPLICA_RETRY_MS: '60000' }), logger);
      apps.push(app);
      await insertArticle(app.dataSource, { sourceId: (await insertSource(app.dataSource)).id, title: 'On the primary', publishedAt: new Date() });
      expect(await listedTitles(app.url)).toEqual(['On the primary']);
      // The start's own first read (does the database have sources?) already met it.
      expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([
        { level: 'warn', message: 'a read replica is left out: reads go to the primary', fields: expect.objectContaining({ reason: 'a read failed there that the primary answers: permission denied for table source' }) },
      ]);
      expect(await listedTitles(app.url)).toEqual(['On the primary']);
      await app.stop();
    } finally {
      await sql(primaryUrl, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('is not waited for at start when it does not answer, nor when it refuses connections; each is said once', async () => {
    const silent = await startSilentServer();
    try {
      const { app, startMs, leftOut } = await serve(`postgres://postgres@127.0.0.1:${silent.port}/newsline`);
      expect(startMs).toBeLessThan(4000);
      expect(await listedTitles(app.url)).toEqual(['On the primary']);
      const closedPort = await freePort();
      const refused = await serve(`postgres://postgres@127.0.0.1:${closedPort}/newsline`);
      expect(await listedTitles(refused.app.url)).toEqual(['On the primary']);
      await new Promise((done) => setTimeout(done, 700));
      expect(refused.leftOut()).toEqual([expect.stringMatching(/^it cannot be reached: .*ECONNREFUSED/)]);
      for (let waited = 0; leftOut().length === 0; waited += 100) {
        expect(waited).toBeLessThan(15_000);
        await new Promise((done) => setTimeout(done, 100));
      }
      expect(leftOut()).toEqual([expect.stringMatching(/^it cannot be reached: /)]);
    } finally {
      await silent.close();
    }
  }, 60_000);
});
