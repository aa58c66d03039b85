import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { poolsOf, writeTransaction } from '../../src/db/data-source';
import { startTestApp, TestApp } from '../helpers/app';
import { startTcpRelay } from '../helpers/tcp-relay';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;
const SERVER_ONLY = onServer ? '' : ' (skipped: needs a PostgreSQL server, set TEST_DATABASE_URL)';

const TIMEOUT = { message: 'The database could not finish this request within its time limit. Try again shortly, or ask for less.', extensions: { code: 'TIMEOUT' } };
const UNAVAILABLE = { message: 'The database is unavailable right now. Try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
const ARTICLES = '{ articles(first: 5) { totalCount } }';
const CATEGORIES = '{ categories { id } }';

/**
 * How late an answer may come after the limit that ends it, on a loaded machine. Generous: where only that limit
 * can end the wait it just has to come at all, and where another limit could end it too, that one is set later.
 */
const SLACK_MS = 10_000;

/** A GraphQL request over HTTP, with when it was answered. */
async function timed(app: TestApp, query: string): Promise<{ body: any; ms: number; at: number }> {
  const started = Date.now();
  const { body } = await app.graphql(query);
  return { body, ms: Date.now() - started, at: Date.now() };
}

/** The error a failed top-level field answers with. */
const failed = (field: string, error: object) => ({ data: null, errors: [{ ...error, locations: [{ line: 1, column: 3 }], path: [field] }] });

/** Takes ACCESS EXCLUSIVE on the article table from a session of its own, as a migration or VACUUM FULL would. */
async function lockArticles(app: TestApp): Promise<() => Promise<void>> {
  const locker = new Client({ connectionString: app.database.target.databaseUrl! });
  await locker.connect();
  await locker.query('BEGIN; LOCK TABLE article IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await locker.query('ROLLBACK');
    await locker.end();
  };
}

describe('waiting for a connection', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DATABASE_POOL_SIZE: '1', DATABASE_POOL_WAIT_MS: '300' });
  });
  afterAll(() => app?.close());

  it('a request that gets no connection within DATABASE_POOL_WAIT_MS fails with SERVICE_UNAVAILABLE, and the next one is served', async () => {
    // Holds the pool's only connection (on PGlite: its one session) the way a long transaction would.
    const holder = app.dataSource.createQueryRunner();
    await holder.connect();
    try {
      const refused = await timed(app, CATEGORIES);
      expect(refused.body).toEqual(failed('categories', UNAVAILABLE));
      expect(refused.ms).toBeGreaterThanOrEqual(300);
      expect(refused.ms).toBeLessThan(300 + SLACK_MS);
    } finally {
      await holder.release();
    }
    expect((await timed(app, CATEGORIES)).body).toEqual({ data: { categories: [] } });
  });

  it("writes run under the write timeout and no separate lock timeout, whatever the API's limits", async () => {
    const settings = "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock";
    expect(await writeTransaction(app.dataSource, (manager) => manager.query(settings))).toEqual([{ statement: '1min', lock: '0' }]);
  });
});

describeOnServer(`timeouts on PostgreSQL${SERVER_ONLY}`, () => {
  let app: TestApp;
  beforeAll(async () => {
    // A lock timeout long enough for the other requests to be answered first on a loaded machine, and a statement
    // timeout far enough behind it that a request ended by the statement timeout cannot pass for one ended by the lock timeout.
    app = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: '3000', DATABASE_STATEMENT_TIMEOUT_MS: String(3000 + 2 * SLACK_MS) });
  });
  afterAll(() => app?.close());

  it('every connection has the statement and lock timeouts of the configuration', async () => {
    const settings = "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock";
    expect(await app.dataSource.query(settings)).toEqual([{ statement: '23s', lock: '3s' }]);
  });

  it('while a lock holds the article table, article requests fail with TIMEOUT after the lock timeout and requests for other tables answer at once', async () => {
    const unlock = await lockArticles(app);
    try {
      const articles = Promise.all([1, 2, 3, 4].map(() => timed(app, ARTICLES)));
      const others = await Promise.all([
        timed(app, CATEGORIES),
        timed(app, '{ newsItems(first: 5) { totalCount } }'),
        // A source's fields and health other than its counts do not read the article table.
        timed(app, '{ sources(first: 5) { totalCount nodes { name health { lastError } } } }'),
      ]);
      const blocked = await articles;
      for (const request of blocked) {
        expect(request.body).toEqual(failed('articles', TIMEOUT));
        expect(request.ms).toBeGreaterThanOrEqual(3000);
        expect(request.ms).toBeLessThan(3000 + SLACK_MS);
      }
      expect(others.map((request) => request.body)).toEqual([
        { data: { categories: [] } },
        { data: { newsItems: { totalCount: 0 } } },
        { data: { sources: { totalCount: 0, nodes: [] } } },
      ]);
      // Answered while the article requests were still waiting on the lock.
      expect(Math.max(...others.map((request) => request.at))).toBeLessThan(Math.min(...blocked.map((request) => request.at)));
    } finally {
      await unlock();
    }
    expect((await timed(app, ARTICLES)).body).toEqual({ data: { articles: { totalCount: 0 } } });
  });

  it('without a lock timeout, the statement timeout ends the wait with TIMEOUT', async () => {
    const strict = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '700' });
    const unlock = await lockArticles(strict);
    try {
      const request = await timed(strict, ARTICLES);
      expect(request.body).toEqual(failed('articles', TIMEOUT));
      expect(request.ms).toBeGreaterThanOrEqual(700);
      expect(request.ms).toBeLessThan(700 + SLACK_MS);
    } finally {
      await unlock();
      await strict.close();
    }
  });

  it('a server that stops answering fails a read with SERVICE_UNAVAILABLE a second after the statement timeout, and is used again when it answers', async () => {
    const direct = new URL(app.database.target.databaseUrl!);
    const relay = await startTcpRelay({ host: direct.hostname, port: Number(direct.port || 5432) }, { open: true });
    const relayed = new URL(direct);
    relayed.port = String(relay.port);
    // A second app on the same database, reached through the relay.
    const frozen = await startTestApp({ DATABASE_URL: relayed.toString(), DATABASE_STATEMENT_TIMEOUT_MS: '500' });
    try {
      expect((await timed(frozen, ARTICLES)).body).toEqual({ data: { articles: { totalCount: 0 } } });
      relay.freeze();
      const request = await timed(frozen, ARTICLES);
      expect(request.body).toEqual(failed('articles', UNAVAILABLE));
      expect(request.ms).toBeGreaterThanOrEqual(1500);
      expect(request.ms).toBeLessThan(1500 + SLACK_MS);
      relay.thaw();
      expect((await timed(frozen, ARTICLES)).body).toEqual({ data: { articles: { totalCount: 0 } } });
    } finally {
      await frozen.close();
      await relay.cut();
    }
  });
});

describeOnServer(`the pool on PostgreSQL${SERVER_ONLY}`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DATABASE_POOL_SIZE: '3' });
  });
  afterAll(() => app?.close());

  /** The backends of three statements sent at once (each holds its connection 0.2 s, so they take three). */
  async function threeBackends(): Promise<number[]> {
    const { primary } = poolsOf(app.dataSource);
    const answers = await Promise.all([0, 1, 2].map(() => primary.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)')));
    return answers.map((answer) => answer.rows[0].pid as number).sort((a, b) => a - b);
  }

  it('keeps the connections it opened while they idle, rather than opening them again for the next burst', async () => {
    const before = await threeBackends();
    expect(new Set(before).size).toBe(3);
    // pg-pool closes a connection idle for 10 s unless the pool keeps a minimum.
    await sleep(11_000);
    expect(poolsOf(app.dataSource).primary.totalCount).toBe(3);
    expect(await threeBackends()).toEqual(before);
  }, 30_000);

  it('a kept connection the server ends is replaced without failing a request', async () => {
    const before = await threeBackends();
    const killer = new Client({ connectionString: app.database.target.databaseUrl! });
    await killer.connect();
    try {
      await killer.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before.slice(0, 2)]);
    } finally {
      await killer.end();
    }
    // The pool learns of the ends from the idle connections' errors, as the server closes them.
    for (let tries = 0; poolsOf(app.dataSource).primary.totalCount > 1 && tries < 100; tries++) await sleep(50);
    const after = await threeBackends();
    expect(after).toContain(before[2]);
    expect(after.filter((pid) => before.slice(0, 2).includes(pid))).toEqual([]);
    expect((await timed(app, ARTICLES)).body).toEqual({ data: { articles: { totalCount: 0 } } });
  });
});
