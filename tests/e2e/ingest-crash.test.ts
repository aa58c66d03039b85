import type { ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { closeDatabase, createDataSource, openDatabase } from '../../src/db/data-source';
import { ensureBuilt, NewslineProcess, runNewsline, spawnNewsline } from '../helpers/cli-process';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { longBody, rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';

// Killing `newsline ingest` in the middle of a refresh, then running it again at once: the real
// command in child processes, on PostgreSQL (TEST_DATABASE_URL) or on an embedded DATA_DIR folder.

const STORIES = 5;
/** Each test starts `newsline` four or five times: a second or two each, far more on a busy machine. */
const SLOW = 600_000;
let web: FixtureServer;
let database: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  web = await startFixtureServer();
  database = await createTestDatabase();
  const where: Record<string, string> = database.kind === 'postgres' ? { DATABASE_URL: database.target.databaseUrl! } : { DATA_DIR: mkdtempSync(join(tmpdir(), 'newsline-crash-')) };
  env = { ...where, ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn' };
}, SLOW);
afterAll(async () => {
  await web?.close();
  await database?.dispose();
});

/**
 * A full-text feed of STORIES summaries whose article pages hang (the refresh is under way, nothing
 * committed) until `answer()` is called; `requested` resolves at the first page request.
 */
function stallingFeed(name: string): { feedUrl: string; requested: Promise<void>; answer(): void } {
  let stalled = true;
  const waiting: { response: ServerResponse; n: number }[] = [];
  let requested!: () => void;
  const firstRequest = new Promise<void>((resolve) => (requested = resolve));
  const page = (n: number) => `<!doctype html><html lang="en"><head><title>${name} story ${n}</title></head>
    <body><article><h1>${name} story ${n}</h1>${longBody(200, `${name}${n}`)}</article></body></html>`;
  const send = (response: ServerResponse, n: number) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(n));
  for (let n = 1; n <= STORIES; n++) {
    web.route(`/${name}/story/${n}`, (_request, response) => {
      requested();
      if (!stalled) return send(response, n);
      waiting.push({ response, n });
    });
  }
  web.route(`/${name}/feed.xml`, {
    headers: { 'content-type': 'application/rss+xml' },
    body: rss(
      Array.from({ length: STORIES }, (_, i) => ({
        guid: `${name}-${i + 1}`,
        title: `${name} story ${i + 1}`,
        link: web.url(`/${name}/story/${i + 1}`),
        pubDate: 'Mon, 01 Apr 2024 08:00:00 GMT',
        description: 'A short summary.',
      })),
    ),
  });
  return {
    feedUrl: web.url(`/${name}/feed.xml`),
    requested: firstRequest,
    answer: () => {
      stalled = false;
      for (const { response, n } of waiting.splice(0)) if (!response.destroyed) send(response, n);
    },
  };
}

async function addFullTextSource(feedUrl: string): Promise<string> {
  const added = await runNewsline(['sources', 'add', feedUrl, '--kind', 'RSS', '--full-text'], env);
  expect(added).toMatchObject({ code: 0, stderr: '' });
  return added.stdout.split(' ')[1];
}

/** Runs SQL on the test's database once no `newsline` process holds it. */
async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  if (database.kind === 'postgres') {
    const client = new Client({ connectionString: database.target.databaseUrl! });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const target = { ...database.target, dataDir: env.DATA_DIR };
  const dataSource = createDataSource(target);
  await openDatabase(dataSource);
  try {
    return await dataSource.query(sql, params);
  } finally {
    await closeDatabase(dataSource);
  }
}

/** Starts `newsline ingest` and waits until its refresh is fetching the stalled pages. */
async function ingestUntilStalled(feed: { requested: Promise<void> }): Promise<NewslineProcess> {
  // Its stalled pages must outwait the other commands a test runs meanwhile.
  const running = spawnNewsline(['ingest'], { ...env, FETCH_TIMEOUT_MS: String(SLOW) });
  const early = running.exited.then((code) => Promise.reject(new Error(`ingest ended (${code}) before the pages: ${running.stderrLines().join('\n')}`)));
  await Promise.race([feed.requested, early]);
  early.catch(() => undefined);
  return running;
}

describe(`a refresh killed midway (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite DATA_DIR'})`, () => {
  it('leaves nothing behind: a rerun at once refreshes the source and stores every item exactly once', async () => {
    const feed = stallingFeed('crash');
    const id = await addFullTextSource(feed.feedUrl);
    const killed = await ingestUntilStalled(feed);
    if (database.kind === 'postgres') {
      // The claim exists while the refresh runs: this is what used to keep the source from the rerun.
      const [held] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 28268 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      expect(held.n).toBe(1);
    }
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    expect({ signal: killed.child.signalCode, stdout: killed.stdout() }).toEqual({ signal: 'SIGKILL', stdout: '' });
    feed.answer();

    const rerun = await runNewsline(['ingest'], env);
    expect(rerun.stdout).toBe(
      `Refreshed 1 source: 1 ok, 0 failed.\nNews items: ${STORIES} added, 0 updated, 0 unchanged. Articles: ${STORIES} added, 0 updated.\n` +
        `Article pages: ${STORIES} read, 0 could not be read.\n`,
    );
    expect(rerun.code).toBe(0);

    const rows = await query<{ items: number; guids: number; articles: number; urls: number; linked: number }>(
      `SELECT (SELECT count(*)::int FROM news_item) AS items, (SELECT count(DISTINCT guid)::int FROM news_item) AS guids,
              (SELECT count(*)::int FROM article) AS articles, (SELECT count(DISTINCT url)::int FROM article) AS urls,
              (SELECT count(*)::int FROM news_item WHERE article_id IS NOT NULL) AS linked`,
    );
    expect(rows[0]).toEqual({ items: STORIES, guids: STORIES, articles: STORIES, urls: STORIES, linked: STORIES });
    // And nothing is due any more.
    const again = await runNewsline(['ingest'], env);
    expect(again).toMatchObject({ code: 0, stdout: 'No source was due. Use --source ID to refresh one anyway.\n' });
    expect(id).toMatch(/^U291cmNl/);
  }, SLOW);
});

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('while another process refreshes a source (PostgreSQL: several processes share it)', () => {
  it('`ingest` says how many sources are being refreshed elsewhere, and `ingest --source` names the holder', async () => {
    const feed = stallingFeed('busy');
    const id = await addFullTextSource(feed.feedUrl);
    const holder = await ingestUntilStalled(feed);
    try {
      const other = await runNewsline(['ingest'], env);
      expect(other).toMatchObject({ code: 0, stdout: 'No source was due: 1 source is being refreshed by another process right now.\n' });
      const forced = await runNewsline(['ingest', '--source', id], env);
      expect(forced.code).toBe(1);
      expect(forced.stderr).toMatch(
        new RegExp(`^Source ${id} is being refreshed by newsline pid ${holder.child.pid} on \\S+ \\(PostgreSQL session \\d+( from [0-9.:a-f]+)?\\); ask again when that refresh has finished\\.\\n$`),
      );
    } finally {
      feed.answer();
    }
    // Its pages answered at last, the holder ends its refresh normally, and lets go of the source.
    expect({ code: await holder.exited, stdout: holder.stdout() }).toMatchObject({ code: 0, stdout: expect.stringMatching(`^Refreshed 1 source: 1 ok, 0 failed\\.\nNews items: ${STORIES} added`) });
    const after = await runNewsline(['ingest', '--source', id], env);
    expect(after).toMatchObject({ code: 0, stdout: expect.stringMatching(`^Refreshed 1 source: 1 ok, 0 failed\\.\nNews items: 0 added, 0 updated, ${STORIES} unchanged`) });
  }, SLOW);
});
