import { loadConfig } from '../../src/config/config';
import pg from 'pg';
import { closeDatabase, createDataSource, openDatabase, poolsOf } from '../../src/db/data-source';
import { toGlobalId } from '../../src/domain/global-id';
import { createIngest } from '../../src/ingest';
import { createLogger } from '../../src/logger';
import { startTestApp, TestApp } from '../helpers/app';
import { longBody, rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { insertSource } from '../helpers/fixtures';

let app: TestApp;
let web: FixtureServer;
const rssHeaders = { 'content-type': 'application/rss+xml' };
const config = loadConfig({ NODE_ENV: 'test', ALLOW_PRIVATE_NETWORKS: 'true', REFRESH_CONCURRENCY: '3', LOG_LEVEL: 'silent' });
const logger = createLogger('silent');

beforeAll(async () => {
  web = await startFixtureServer();
  app = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true' });
});
afterAll(async () => {
  await app?.close();
  await web?.close();
});

const count = async (sql: string, params: unknown[] = []) => Number((await app.dataSource.query(sql, params))[0].n);

describe('one refresh is one transaction', () => {
  it('a failure while storing leaves nothing of that refresh behind, and the next run stores it all once', async () => {
    web.route('/feeds/poisoned.xml', {
      headers: { ...rssHeaders, etag: '"p1"' },
      body: rss([
        { guid: 'ok-1', title: 'First fine entry', link: 'https://p.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: longBody(200, 'first') },
        { guid: 'bad', title: 'poison', link: 'https://p.example/2', pubDate: 'Mon, 25 Mar 2024 09:00:00 GMT' },
        { guid: 'ok-3', title: 'Last fine entry', link: 'https://p.example/3', pubDate: 'Mon, 25 Mar 2024 10:00:00 GMT' },
      ]),
    });
    const source = await insertSource(app.dataSource, { feedUrl: web.url('/feeds/poisoned.xml') });
    // A database that fails midway through the refresh's writes, as a crash would.
    await app.dataSource.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.title = 'poison' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
    await app.dataSource.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON news_item FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    const ingest = createIngest(app.dataSource, config, logger);
    try {
      const failed = await ingest.pipeline.refreshNow(source.id);
      expect(failed.status).toBe('FAILED');
      expect(await count('SELECT count(*) AS n FROM news_item WHERE source_id = $1', [source.id])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM article WHERE url LIKE 'https://p.example/%'`)).toBe(0);
      const [state] = await app.dataSource.query('SELECT etag, consecutive_failures, last_error FROM source WHERE id = $1', [source.id]);
      // The database's own message goes to the log, not to the source's health, which anyone may read.
      expect(state).toEqual({ etag: null, consecutive_failures: 1, last_error: "The refresh failed inside Newsline and nothing of it was stored; the server's log has the details." });

      await app.dataSource.query('DROP TRIGGER refuse_poison ON news_item');
      const ok = await ingest.pipeline.refreshNow(source.id);
      expect(ok).toMatchObject({ status: 'UPDATED', itemsAdded: 3, articlesAdded: 1 });
      const again = await ingest.pipeline.refreshNow(source.id);
      expect(again).toMatchObject({ status: 'UPDATED', errors: [], itemsAdded: 0, itemsUnchanged: 3 });
      expect(await count('SELECT count(*) AS n FROM news_item WHERE source_id = $1', [source.id])).toBe(3);
      expect(await count(`SELECT count(*) AS n FROM article WHERE url LIKE 'https://p.example/%'`)).toBe(1);
      const [after] = await app.dataSource.query('SELECT etag, consecutive_failures, last_error FROM source WHERE id = $1', [source.id]);
      expect(after).toEqual({ etag: '"p1"', consecutive_failures: 0, last_error: null });
    } finally {
      await ingest.close();
    }
  });
});

describe('what a feed states that no database can store', () => {
  it('a source removed while it is refreshed: the refresh says so, stores nothing, and records no failure', async () => {
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    web.route('/feeds/removed-midway.xml', (_request, response) => {
      // The feed arrives only once the source is gone, as a slow feed does while someone removes its source.
      void answered.then(() => {
        response.writeHead(200, rssHeaders);
        response.end(rss([{ guid: 'r-1', title: 'Arrived too late', link: 'https://removed.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: longBody(200, 'late') }]));
      });
    });
    const source = await insertSource(app.dataSource, { feedUrl: web.url('/feeds/removed-midway.xml') });
    const ingest = createIngest(app.dataSource, config, logger);
    try {
      const refreshing = ingest.pipeline.refreshNow(source.id);
      while (web.requestsTo('/feeds/removed-midway.xml').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await app.dataSource.query('DELETE FROM source WHERE id = $1', [source.id]);
      answer();
      expect(await refreshing).toMatchObject({
        status: 'FAILED',
        errors: ['The source was removed (removeSource) while it was being refreshed: nothing of the refresh was stored.'],
      });
      expect(await count(`SELECT count(*) AS n FROM article WHERE url LIKE 'https://removed.example/%'`)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM news_item WHERE source_id = $1', [source.id])).toBe(0);
    } finally {
      await ingest.close();
    }
  });

  it('a date past the last storable instant in UTC reads as no date: the refresh stores every entry', async () => {
    web.route('/feeds/year-10000.xml', {
      headers: rssHeaders,
      body: rss([
        { guid: 'y-good', title: 'An entry dated as usual', link: 'https://y.example/1', pubDate: 'Mon, 30 Nov 2026 10:00:00 GMT' },
        // 9999-12-31T23:59:59-14:00 is 10000-01-01T13:59:59Z, which neither database stores.
        { guid: 'y-far', title: 'An entry dated past year 9999', link: 'https://y.example/2', pubDate: 'Fri, 31 Dec 9999 23:59:59 -1400' },
      ]),
    });
    const source = await insertSource(app.dataSource, { feedUrl: web.url('/feeds/year-10000.xml') });
    const ingest = createIngest(app.dataSource, config, logger);
    const before = Date.now();
    const report = await ingest.pipeline.refreshNow(source.id).finally(() => ingest.close());
    expect(report).toMatchObject({ status: 'UPDATED', itemsAdded: 2, errors: [] });
    const rows: { guid: string; published_at: Date }[] = await app.dataSource.query('SELECT guid, published_at FROM news_item WHERE source_id = $1 ORDER BY guid', [source.id]);
    expect(rows.map((row) => row.guid)).toEqual(['y-far', 'y-good']);
    expect(rows[1].published_at.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    // Read as an entry that states no date: it is dated when it was read.
    expect(rows[0].published_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rows[0].published_at.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('a publication time in the future', () => {
  it('is not believed: the entry is dated when it was first read, and keeps that date on later refreshes', async () => {
    const soon = new Date(Date.now() + 5 * 60_000);
    web.route('/feeds/future.xml', {
      headers: rssHeaders,
      body: rss([
        { guid: 'f-past', title: 'An entry of last week', link: 'https://f.example/1', pubDate: 'Mon, 23 Nov 2026 10:00:00 GMT' },
        // Within the tolerance for clocks that drift: believed.
        { guid: 'f-soon', title: 'An entry of five minutes from now', link: 'https://f.example/2', pubDate: soon.toUTCString() },
        { guid: 'f-later', title: 'An entry dated next year', link: 'https://f.example/3', pubDate: 'Wed, 01 Dec 2027 10:00:00 GMT', content: longBody(200, 'later') },
      ]),
    });
    const source = await insertSource(app.dataSource, { feedUrl: web.url('/feeds/future.xml') });
    const ingest = createIngest(app.dataSource, config, logger);
    const dates = async () =>
      Object.fromEntries(
        ((await app.dataSource.query('SELECT guid, published_at FROM news_item WHERE source_id = $1', [source.id])) as { guid: string; published_at: Date }[]).map(
          (row) => [row.guid, row.published_at.getTime()],
        ),
      );
    try {
      const before = Date.now();
      expect(await ingest.pipeline.refreshNow(source.id)).toMatchObject({ status: 'UPDATED', itemsAdded: 3 });
      const first = await dates();
      expect(first['f-past']).toBe(Date.parse('2026-11-23T10:00:00Z'));
      expect(first['f-soon']).toBe(Math.floor(soon.getTime() / 1000) * 1000);
      expect(first['f-later']).toBeGreaterThanOrEqual(before - 1000);
      expect(first['f-later']).toBeLessThanOrEqual(Date.now());
      const [article] = await app.dataSource.query(`SELECT published_at FROM article WHERE url = 'https://f.example/3'`);
      expect(article.published_at.getTime()).toBe(first['f-later']);

      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await ingest.pipeline.refreshNow(source.id)).toMatchObject({ status: 'UPDATED', itemsAdded: 0, itemsUnchanged: 3 });
      expect(await dates()).toEqual(first);
    } finally {
      await ingest.close();
    }
  });
});

describe('several workers against one database', () => {
  it('never refresh the same source twice: each due source is refreshed exactly once', async () => {
    await app.dataSource.query('UPDATE source SET enabled = false');
    const ids: number[] = [];
    for (let n = 0; n < 8; n++) {
      web.route(`/feeds/w${n}.xml`, (_request, response) => {
        // Slow enough that both workers are busy at the same time.
        setTimeout(() => response.writeHead(200, rssHeaders).end(rss([{ guid: `w${n}`, title: `Worker entry ${n}`, link: `https://w.example/${n}`, pubDate: 'Tue, 26 Mar 2024 08:00:00 GMT' }])), 100);
      });
      ids.push((await insertSource(app.dataSource, { feedUrl: web.url(`/feeds/w${n}.xml`) })).id);
    }
    // A second process's view of the database: its own DataSource, pool and scheduler.
    const second = createDataSource(app.database.target);
    await openDatabase(second);
    const workers = [createIngest(app.dataSource, config, logger), createIngest(second, config, logger)];
    try {
      const [a, b] = await Promise.all(workers.map((w) => w.scheduler.runOnce()));
      const refreshed = [...a, ...b].map((r) => r.sourceId).sort((x, y) => x - y);
      expect(refreshed).toEqual(ids);
      for (let n = 0; n < 8; n++) expect(web.requestsTo(`/feeds/w${n}.xml`)).toHaveLength(1);
      expect(await count(`SELECT count(*) AS n FROM news_item WHERE title LIKE 'Worker entry %'`)).toBe(8);
      // Nothing is due any more: a third run finds no work.
      expect(await workers[0].scheduler.runOnce()).toEqual([]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      if (app.database.kind === 'postgres') await closeDatabase(second);
    }
  });
});

// The claiming session is a connection of its own only on a PostgreSQL server; PGlite has its one session.
const describeOnServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnServer('concurrent refreshes of one process', () => {
  it('share its claiming connection one statement at a time: it is never handed a query while it runs one', async () => {
    await app.dataSource.query('UPDATE source SET enabled = false');
    const ids: number[] = [];
    for (let n = 0; n < 6; n++) {
      web.route(`/feeds/c${n}.xml`, { headers: rssHeaders, body: rss([{ guid: `c${n}`, title: `Concurrent entry ${n}`, link: `https://c.example/${n}`, pubDate: 'Wed, 27 Mar 2024 08:00:00 GMT' }]) });
      ids.push((await insertSource(app.dataSource, { feedUrl: web.url(`/feeds/c${n}.xml`) })).id);
    }
    // A process of its own, whose claiming connection counts the statements it has been given and not yet answered.
    const own = createDataSource(app.database.target);
    await openDatabase(own);
    const { options } = poolsOf(own).primary;
    const Base = (options.Client ?? pg.Client) as typeof pg.Client;
    let running = 0;
    let mostAtOnce = 0;
    let statements = 0;
    // The session uses query(text, values) only; one override stands for pg's many query signatures.
    class CountingClient extends Base {
      async countedQuery(text: string, values: unknown[]) {
        running += 1;
        statements += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          return await super.query(text, values);
        } finally {
          running -= 1;
        }
      }
    }
    (CountingClient.prototype as unknown as { query: unknown }).query = CountingClient.prototype.countedQuery;
    options.Client = CountingClient;
    const ingest = createIngest(own, config, logger);
    try {
      // Each refresh claims and releases its source on the shared session while the others do the same.
      const reports = await Promise.all([...ids, ...ids].map((id) => ingest.pipeline.refreshNow(id).catch((error: Error) => error.message)));
      const refreshed = reports.filter((report) => typeof report !== 'string');
      // Each source is refreshed by one of its two refreshes at least; the other found it claimed or already refreshed.
      expect(new Set(refreshed.map((report) => report.sourceId))).toEqual(new Set(ids));
      for (const report of refreshed) expect(report.status).toBe('UPDATED');
      for (const refused of reports.filter((report) => typeof report === 'string')) expect(refused).toMatch(/^Source \S+ is being refreshed by (this process|another refresh that has just ended)/);
      expect(statements).toBeGreaterThanOrEqual(ids.length * 3); // a claim, its source, a release: for each source
      expect(mostAtOnce).toBe(1);
    } finally {
      await ingest.close();
      await closeDatabase(own);
    }
  });
});

describe('what a refresh in the background reports', () => {
  it('logs what a refresh skipped or could not read, which a background refresh reports nowhere else', async () => {
    web.route('/feeds/skipping.xml', {
      headers: rssHeaders,
      body: rss([
        { guid: 'fine', title: 'A fine entry', link: 'https://skip.example/1', pubDate: 'Thu, 28 Mar 2024 08:00:00 GMT' },
        { guid: 'no-link', title: 'An entry without a link', link: '', pubDate: 'Thu, 28 Mar 2024 09:00:00 GMT' },
      ]),
    });
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields });
    const recording = { debug: record, info: record, warn: record, error: record };
    const source = await insertSource(app.dataSource, { feedUrl: web.url('/feeds/skipping.xml') });
    const ingest = createIngest(app.dataSource, { ...config, refreshPollSeconds: 1 }, recording);
    ingest.scheduler.start();
    try {
      for (let attempt = 0; attempt < 50 && !lines.some((line) => line.message === 'source refreshed' && line.fields?.sourceId === source.id); attempt++) {
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await ingest.scheduler.stop();
      await ingest.close();
    }
    const refreshed = lines.find((line) => line.message === 'source refreshed' && line.fields?.sourceId === source.id);
    expect(refreshed?.fields).toEqual({
      sourceId: source.id,
      status: 'UPDATED',
      added: 1,
      updated: 0,
      errors: 1,
      firstErrors: ['Skipped an entry without a link to a web page (http or https): "An entry without a link".'],
    });
  });
});

describe('the background refresher of `serve`', () => {
  it('refreshes a due source by itself', async () => {
    web.route('/feeds/background.xml', { headers: rssHeaders, body: rss([{ guid: 'bg', title: 'Read in the background', link: 'https://bg.example/1', pubDate: 'Thu, 28 Mar 2024 08:00:00 GMT' }]) });
    const server = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true', REFRESH_IN_BACKGROUND: 'true', REFRESH_POLL_SECONDS: '1' });
    try {
      const source = await insertSource(server.dataSource, { feedUrl: web.url('/feeds/background.xml') });
      const query = `{ newsItems(filter: { sourceIds: ["${toGlobalId('Source', source.id)}"] }) { nodes { title } } }`;
      let titles: string[] = [];
      for (let attempt = 0; attempt < 50 && titles.length === 0; attempt++) {
        await new Promise((r) => setTimeout(r, 200));
        titles = (await server.graphql(query)).body.data.newsItems.nodes.map((n: { title: string }) => n.title);
      }
      expect(titles).toEqual(['Read in the background']);
    } finally {
      await server.close();
    }
  });
});
