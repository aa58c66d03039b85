import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { startTestApp, TestApp, testServerConfig } from '../helpers/app';
import { insertArticle, insertSource } from '../helpers/fixtures';
import { ensureBuilt } from '../helpers/cli-process';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { freePort } from '../helpers/free-port';
import { SERVER_START_MS, ServerProcess, startServerProcess } from '../helpers/server-process';
import { sqlStatements } from '../helpers/metrics';
import { rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix, relayedRedisUrl } from '../helpers/redis';
import { startTcpRelay, TcpRelay } from '../helpers/tcp-relay';

const ADMIN = 'admin-token-of-the-cache-tests';
const KEY = 'mobile-key-of-the-cache-tests';
const FEED = 'query Feed($first: Int) { articles(first: $first) { edges { node { title source { name } } } } }';

interface Counts {
  hits: number;
  misses: number;
  /** Hits by way: memory, redis, coalesced. */
  via: Record<string, number>;
}

/** The response cache's counters in a server's /metrics. */
async function counts(graphqlUrl: string): Promise<Counts> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const via: Record<string, number> = {};
  for (const [, way, n] of text.matchAll(/^newsline_response_cache_hits_total\{via="(\w+)"\} (\d+)/gm)) via[way] = Number(n);
  const misses = Number(/^newsline_response_cache_misses_total (\d+)/m.exec(text)?.[1] ?? NaN);
  return { hits: Object.values(via).reduce((a, b) => a + b, 0), misses, via };
}

/** What the counters and SQL statements moved by while `run` ran. */
async function measured<T>(graphqlUrl: string, run: () => Promise<T>): Promise<{ result: T; hits: number; misses: number; sql: number; via: Record<string, number> }> {
  const [before, sqlBefore] = [await counts(graphqlUrl), await sqlStatements(graphqlUrl)];
  const result = await run();
  const [after, sqlAfter] = [await counts(graphqlUrl), await sqlStatements(graphqlUrl)];
  const via = Object.fromEntries(Object.keys(after.via).map((way) => [way, after.via[way] - (before.via[way] ?? 0)]));
  return { result, hits: after.hits - before.hits, misses: after.misses - before.misses, sql: sqlAfter - sqlBefore, via };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<{ status: number; text: string; etag: string | null; cacheControl: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, text: await response.text(), etag: response.headers.get('etag'), cacheControl: response.headers.get('cache-control') };
}

const titles = (text: string): string[] => JSON.parse(text).data.articles.edges.map((e: { node: { title: string } }) => e.node.title);

const prefix = uniquePrefix();
afterAll(() => deleteKeys(prefix));

describe('the response cache', () => {
  let app: TestApp;
  let sourceId: string;
  beforeAll(async () => {
    app = await startTestApp({ RESPONSE_CACHE: 'on', ADMIN_TOKEN: ADMIN, API_KEYS: `mobile:${KEY}`, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const source = await insertSource(app.dataSource, { name: 'Kestrel Bay Post' });
    sourceId = Buffer.from(`Source:${source.id}`).toString('base64url');
    for (let i = 0; i < 3; i++) await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(Date.UTC(2026, 10, 1, i)), title: `Old news ${i}` });
  });
  afterAll(() => app?.close());

  it('answers a second identical read from memory, with the same bytes, ETag and Cache-Control', async () => {
    const first = await measured(app.url, () => post(app.url, FEED, { first: 2 }));
    const second = await measured(app.url, () => post(app.url, FEED, { first: 2 }));
    expect([first.misses, first.hits]).toEqual([1, 0]);
    expect([second.misses, second.hits, second.via.memory]).toEqual([0, 1, 1]);
    expect(second.result).toEqual(first.result);
    expect([second.result.etag, second.result.cacheControl]).toEqual([expect.stringMatching(/^".+"$/), 'max-age=5, public']);
  });

  it('answers If-None-Match from a kept answer with 304, by the ETag kept with it', async () => {
    const made = await post(app.url, FEED, { first: 7 });
    const revalidated = await measured(app.url, () => post(app.url, FEED, { first: 7 }, { 'if-none-match': made.etag ?? '' }));
    expect([revalidated.hits, revalidated.result.status, revalidated.result.text, revalidated.result.etag]).toEqual([1, 304, '', made.etag]);
  });

  it('tells other variables apart', async () => {
    await post(app.url, FEED, { first: 2 });
    const other = await measured(app.url, () => post(app.url, FEED, { first: 3 }));
    expect([other.misses, titles(other.result.text).length]).toEqual([1, 3]);
  });

  it('after a mutation, the next read is a miss and shows the change', async () => {
    await post(app.url, FEED, { first: 1 });
    const renamed = await post(app.url, 'mutation($id: ID!) { updateSource(id: $id, input: { name: "Kestrel Bay Herald" }) { name } }', { id: sourceId }, { authorization: `Bearer ${ADMIN}` });
    expect(renamed.status).toBe(200);
    const after = await measured(app.url, () => post(app.url, FEED, { first: 1 }));
    expect(after.misses).toBe(1);
    expect(JSON.parse(after.result.text).data.articles.edges[0].node.source.name).toBe('Kestrel Bay Herald');
  });

  it('after a write of another process (here: straight into the database), the reads show it within a second', async () => {
    expect(titles((await post(app.url, FEED, { first: 1 })).text)).toEqual(['Old news 2']);
    const source = await app.dataSource.query('SELECT id FROM source LIMIT 1');
    await insertArticle(app.dataSource, { sourceId: source[0].id, publishedAt: new Date(Date.UTC(2026, 10, 2)), title: 'Fresh news' });
    const seen = await measured(app.url, async () => {
      const deadline = Date.now() + 5000;
      let shown: string[] = [];
      while (Date.now() < deadline && shown[0] !== 'Fresh news') {
        shown = titles((await post(app.url, FEED, { first: 1 })).text);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return shown;
    });
    expect(seen.result).toEqual(['Fresh news']);
    expect(seen.misses).toBeGreaterThanOrEqual(1);
  });

  it('never keeps an answer to a request with an Authorization header', async () => {
    const keyed = await measured(app.url, async () => [
      await post(app.url, FEED, { first: 2 }, { authorization: `Bearer ${KEY}` }),
      await post(app.url, FEED, { first: 2 }, { authorization: `Bearer ${KEY}` }),
    ]);
    expect(keyed.result.map((r) => r.status)).toEqual([200, 200]);
    expect([keyed.hits, keyed.misses]).toEqual([0, 0]);
    expect(keyed.sql).toBeGreaterThanOrEqual(2);
  });

  it('keeps no answer with errors', async () => {
    const bad = await measured(app.url, async () => [await post(app.url, FEED, { first: 1000 }), await post(app.url, FEED, { first: 1000 })]);
    expect(bad.result[1].text).toContain('"errors"');
    expect([bad.hits, bad.misses]).toEqual([0, 2]);
  });

  it('runs concurrent identical misses once', async () => {
    // The articles are locked while the requests arrive, so the first one's statement waits and the others find it running.
    const lockedBurst = async () => {
      const locker = app.dataSource.createQueryRunner();
      await locker.connect();
      await locker.startTransaction();
      await locker.query('LOCK TABLE article IN ACCESS EXCLUSIVE MODE');
      return measured(app.url, async () => {
        const answers = Promise.all(Array.from({ length: 20 }, () => post(app.url, FEED, { first: 4 })));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await locker.commitTransaction();
        await locker.release();
        return answers;
      });
    };
    const burst = await lockedBurst();
    expect(new Set(burst.result.map((r) => r.text)).size).toBe(1);
    expect([burst.misses, burst.hits]).toEqual([1, 19]);
    expect(burst.via.coalesced).toBeGreaterThan(0);
  });

  it('keeps answers in Redis, where another process of the same database finds them', async () => {
    const made = await measured(app.url, () => post(app.url, FEED, { first: 5 }));
    expect(made.misses).toBe(1);
    const redis = new Redis(TEST_REDIS_URL);
    // Written without waiting for Redis: give it a moment.
    let stored: string[] = [];
    for (let i = 0; i < 50 && stored.length === 0; i++) {
      stored = await redis.keys(`${prefix}answer:*`);
      if (stored.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    redis.disconnect();
    expect(stored.length).toBeGreaterThan(0);
    if (app.database.kind !== 'postgres') return; // An embedded database belongs to one process.

    const config = testServerConfig({ DATABASE_URL: app.database.target.databaseUrl ?? undefined, RESPONSE_CACHE: 'on', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const other = await startApp(config, createLogger('silent'));
    try {
      const shared = await measured(other.url, () => post(other.url, FEED, { first: 5 }));
      expect([shared.misses, shared.via.redis]).toEqual([0, 1]);
      expect(shared.result.text).toBe(made.result.text);
    } finally {
      await other.stop();
    }
  });

  it('shares no answer with a process that would refuse its query (PERSISTED_QUERIES=only) or answer it otherwise (SANDBOX=off)', async () => {
    const SCHEMA = '{ __schema { queryType { name } } }';
    const made = await measured(app.url, () => Promise.all([post(app.url, FEED, { first: 7 }), post(app.url, SCHEMA)]));
    expect(made.misses).toBe(2);
    if (app.database.kind !== 'postgres') return; // An embedded database belongs to one process.
    const dir = mkdtempSync(join(tmpdir(), 'newsline-policy-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ 'sources-v1': '{ sources(first: 1) { totalCount } }' }));
    const strict = await startApp(
      testServerConfig({ DATABASE_URL: app.database.target.databaseUrl ?? undefined, RESPONSE_CACHE: 'on', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: manifest, SANDBOX: 'off' }),
      createLogger('silent'),
    );
    try {
      const refused = await measured(strict.url, () => Promise.all([post(strict.url, FEED, { first: 7 }), post(strict.url, SCHEMA)]));
      expect(refused.result.map((answer) => [answer.status, JSON.parse(answer.text).errors?.[0]?.extensions?.code])).toEqual([
        [400, 'PERSISTED_QUERY_NOT_IN_LIST'],
        [400, 'PERSISTED_QUERY_NOT_IN_LIST'],
      ]);
      expect(refused.hits).toBe(0);
    } finally {
      await strict.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps no answer that may not be stored (introspection: no max-age)', async () => {
    const SCHEMA = '{ __schema { mutationType { name } } }';
    const twice = await measured(app.url, async () => [await post(app.url, SCHEMA), await post(app.url, SCHEMA)]);
    expect(twice.result.map((answer) => [answer.status, answer.cacheControl])).toEqual([
      [200, 'no-store'],
      [200, 'no-store'],
    ]);
    expect([twice.misses, twice.hits]).toEqual([2, 0]);
  });

  it('charges a cached answer to the client as the query that made it', async () => {
    const send = async () => {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FEED, variables: { first: 6 } }) });
      await response.text();
      return [response.headers.get('query-cost'), Number(response.headers.get('ratelimit-remaining'))] as const;
    };
    const [madeCost, madeRemaining] = await send();
    const hit = await measured(app.url, send);
    const [keptCost, keptRemaining] = hit.result;
    expect([hit.hits, madeCost, keptCost]).toEqual([1, '13', '13']);
    expect(madeRemaining - keptRemaining).toBe(13);
  });
});

describe('the response cache of two databases on one Redis', () => {
  const SOURCES = '{ sources(first: 20) { nodes { name } } }';
  const shared = uniquePrefix();
  const servers: ServerProcess[] = [];
  const databases: TestDatabase[] = [];
  let web: FixtureServer;
  beforeAll(() => ensureBuilt(), 180_000);
  beforeAll(async () => {
    web = await startFixtureServer();
    web.route('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([{ guid: 'one', title: 'A headline', link: 'https://one.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT' }]) });
    // Two processes, each with a database of its own (an embedded one in its memory, or one on the server).
    for (let n = 0; n < 2; n++) {
      const database = await createTestDatabase();
      databases.push(database);
      const url: Record<string, string> = database.target.databaseUrl ? { DATABASE_URL: database.target.databaseUrl } : {};
      servers.push(await startServerProcess({ ...url, RESPONSE_CACHE: 'on', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: shared, ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_NETWORKS: 'true' }));
    }
  }, 2 * SERVER_START_MS);
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const database of databases) await database.dispose();
    await web?.close();
    await deleteKeys(shared);
  });

  /** The names an anonymous read lists, once it lists any (a server learns of a write within a second). */
  const namesOnceListed = async (url: string): Promise<string[]> => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const names = JSON.parse((await post(url, SOURCES)).text).data.sources.nodes.map((node: { name: string }) => node.name);
      if (names.length > 0) return names;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the source added was never listed');
  };

  it('never serves one database the answers of another whose change log stands at the same commit', async () => {
    // The same write to two fresh databases: both change logs stand at the same commit after it.
    for (const [server, name] of [[servers[0], 'Source of the first database'], [servers[1], 'Source of the second database']] as const) {
      const added = await post(server.url, `mutation { addSource(input: { url: "${web.url('/feed.xml')}", name: "${name}" }) { id } }`, {}, { authorization: `Bearer ${ADMIN}` });
      expect(JSON.parse(added.text).errors).toBeUndefined();
    }
    expect(await namesOnceListed(servers[0].url)).toEqual(['Source of the first database']);
    const read = await measured(servers[1].url, () => namesOnceListed(servers[1].url));
    expect(read.result).toEqual(['Source of the second database']);
    expect(read.via.redis ?? 0).toBe(0);
  });
});

describe('the response cache while Redis is away', () => {
  let server: ServerProcess;
  let database: TestDatabase;
  beforeAll(() => ensureBuilt(), 180_000);
  beforeAll(async () => {
    database = await createTestDatabase();
    const url: Record<string, string> = database.target.databaseUrl ? { DATABASE_URL: database.target.databaseUrl } : {};
    server = await startServerProcess({ ...url, RESPONSE_CACHE: 'on', REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_KEY_PREFIX: prefix });
  }, SERVER_START_MS);
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('answers every request, and keeps answers in memory', async () => {
    const answers = await measured(server.url, async () => [await post(server.url, FEED, { first: 1 }), await post(server.url, FEED, { first: 1 })]);
    expect(answers.result.map((r) => r.status)).toEqual([200, 200]);
    expect([answers.misses, answers.via.memory]).toEqual([1, 1]);
  });
});

describe('the response cache when Redis hangs after it answered', () => {
  let relay: TcpRelay;
  let server: ServerProcess;
  let database: TestDatabase;
  beforeAll(() => ensureBuilt(), 180_000);
  beforeAll(async () => {
    const redis = new URL(TEST_REDIS_URL);
    relay = await startTcpRelay({ host: redis.hostname, port: Number(redis.port || 6379) }, { open: true });
    database = await createTestDatabase();
    const url: Record<string, string> = database.target.databaseUrl ? { DATABASE_URL: database.target.databaseUrl } : {};
    server = await startServerProcess({ ...url, RESPONSE_CACHE: 'on', REDIS_URL: relayedRedisUrl(relay.port), REDIS_KEY_PREFIX: prefix });
  }, SERVER_START_MS);
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
    await relay?.cut();
  });

  it('costs a request one command timeout, not one per request, and keeps answers in Redis again once it answers', async () => {
    const url = server.url;
    const keptInRedis = async () => {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        return (await redis.keys(`${prefix}answer:*`)).length;
      } finally {
        redis.disconnect();
      }
    };
    // Answering (once the connection is open): a miss is kept in Redis too.
    for (let tries = 0; tries < 100 && (await keptInRedis()) === 0; tries++) {
      await post(url, FEED, { first: 1 }, { 'x-apollo-operation-name': `warm-up ${tries}` });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = await keptInRedis();
    expect(before).toBeGreaterThan(0);

    relay.freeze({ hold: true });
    // Ten different reads while it hangs: each a miss the cache would look up in Redis, and a charge of the
    // client's budget there. The first waits out the timeouts (250 ms each); the others do not ask it.
    const started = Date.now();
    for (let n = 2; n < 12; n++) expect((await post(url, FEED, { first: n })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10 * 250);

    relay.thaw();
    // A PING every second tells it answers again; answers made then are kept in Redis again.
    let n = 12;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await keptInRedis()) <= before; n++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await post(url, FEED, { first: n });
    }
    expect(await keptInRedis()).toBeGreaterThan(before);
  });
});
