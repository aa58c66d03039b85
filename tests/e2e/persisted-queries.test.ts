import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { sha256Hex } from '../../src/server/caching/operation-manifest';
import { startTestApp, TestApp } from '../helpers/app';
import { liveClient, subscribe, subscriptionsRunning } from '../helpers/live-client';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix, relayedRedisUrl } from '../helpers/redis';
import { startTcpRelay, TcpRelay } from '../helpers/tcp-relay';

const CATEGORIES = '{ categories { name } }';
const SOURCES = 'query Sources { sources(first: 3) { totalCount } }';
const UNLISTED = '{ sources { totalCount } }';
const LIVE = 'subscription Live { articleAdded { node { title } } }';

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } });

/** POSTs a GraphQL request body as given, and returns the status, the body and the Cache-Control. */
async function post(app: TestApp, body: Record<string, unknown>) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any, cacheControl: response.headers.get('cache-control') };
}

/** GETs a GraphQL request, its JSON parameters in the URL. */
async function get(app: TestApp, params: Record<string, unknown>) {
  const url = new URL(app.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as any, cacheControl: response.headers.get('cache-control'), etag: response.headers.get('etag') };
}

const codeOf = (answer: { body: any }) => answer.body.errors?.[0]?.extensions?.code;

const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), 'newsline-manifest-'));
const apolloManifest = join(dir, 'persisted-query-manifest.json');
const relayManifest = join(dir, 'relay.json');
writeFileSync(
  apolloManifest,
  JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [
      { id: sha256Hex(SOURCES), name: 'Sources', type: 'query', body: SOURCES },
      { id: 'categories-v1', name: 'Categories', type: 'query', body: CATEGORIES },
      { id: 'live-v1', name: 'Live', type: 'subscription', body: LIVE },
    ],
  }),
);
writeFileSync(relayManifest, JSON.stringify({ '5f1b2a': SOURCES }));

let relay: TcpRelay;
/** Servers in each mode; started together and stopped together (the embedded database is one per test file). */
let app: TestApp;
let first: TestApp;
let second: TestApp;
let onlyApp: TestApp;
let relayApp: TestApp;
let offApp: TestApp;
beforeAll(async () => {
  const redis = new URL(TEST_REDIS_URL);
  relay = await startTcpRelay({ host: redis.hostname, port: Number(redis.port || 6379) }, { open: true });
  const shared = { REDIS_URL: relayedRedisUrl(relay.port), REDIS_KEY_PREFIX: prefix };
  [app, first, second, onlyApp, relayApp, offApp] = await Promise.all([
    startTestApp({ PERSISTED_QUERIES_MANIFEST: apolloManifest }),
    startTestApp(shared),
    startTestApp(shared),
    startTestApp({ PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: apolloManifest }),
    startTestApp({ PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: relayManifest }),
    startTestApp({ PERSISTED_QUERIES: 'off' }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([app, first, second, onlyApp, relayApp, offApp].map((each) => each?.close()));
  await relay?.cut();
  await deleteKeys(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe('automatic persisted queries (PERSISTED_QUERIES=auto, the default), in memory, with a manifest', () => {
  it('asks for the text of a hash it has not seen, and does not let a cache keep that answer', async () => {
    const answer = await post(app, { extensions: persisted(UNLISTED) });
    expect(answer.status).toBe(200);
    expect(codeOf(answer)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(answer.cacheControl).toBe('no-store');
  });

  it('runs a hash alone once the query was sent with it, over POST and over GET', async () => {
    expect((await post(app, { query: CATEGORIES, extensions: persisted(CATEGORIES) })).body).toEqual({ data: { categories: [] } });
    expect((await post(app, { extensions: persisted(CATEGORIES) })).body).toEqual({ data: { categories: [] } });
    const viaGet = await get(app, { extensions: persisted(CATEGORIES) });
    expect(viaGet.body).toEqual({ data: { categories: [] } });
    expect(viaGet.cacheControl).toBe('max-age=5, public');
    expect(viaGet.etag).toMatch(/^"/);
  });

  it('reads an empty query sent with a hash as no text, as over WebSocket (Apollo compared the hash with the hash of "")', async () => {
    expect((await post(app, { query: CATEGORIES, extensions: persisted(CATEGORIES) })).body).toEqual({ data: { categories: [] } });
    expect((await post(app, { query: '', extensions: persisted(CATEGORIES) })).body).toEqual({ data: { categories: [] } });
    expect((await get(app, { query: '', extensions: persisted(CATEGORIES) })).body).toEqual({ data: { categories: [] } });
    expect(codeOf(await post(app, { query: '', extensions: persisted(UNLISTED) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('registers over GET too', async () => {
    const query = '{ categories { slug } }';
    expect((await get(app, { query, extensions: persisted(query) })).body).toEqual({ data: { categories: [] } });
    expect((await get(app, { extensions: persisted(query) })).body).toEqual({ data: { categories: [] } });
  });

  it('charges registering by the length of the text, once; a text over 32 KiB runs but is not registered; { __typename } costs 1 point', async () => {
    /** What a request took from the client's budget, and its answer's data. */
    const charged = async (body: Record<string, unknown>) => {
      const before = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await response.json()) as any;
      return { points: Number(before.headers.get('ratelimit-remaining')) - Number(response.headers.get('ratelimit-remaining')), data: json.data ?? json.errors[0].extensions.code };
    };
    // Each measure is itself charged 1 point (an operation that costs nothing is charged 1): a plain { __typename } takes 1.
    expect(await charged({ query: '{ __typename }' })).toEqual({ points: 1, data: { __typename: 'Query' } });
    // 500 bytes of text: 50 points to register, then 1 for the operation (which costs 0).
    const text = `{ __typename } # ${'x'.repeat(500 - 17)}`;
    expect(Buffer.byteLength(text)).toBe(500);
    expect(await charged({ query: text, extensions: persisted(text) })).toEqual({ points: 51, data: { __typename: 'Query' } });
    // Registered: sent again with its text it is not charged again, and its hash alone runs it.
    expect(await charged({ query: text, extensions: persisted(text) })).toEqual({ points: 1, data: { __typename: 'Query' } });
    expect(await charged({ extensions: persisted(text) })).toEqual({ points: 1, data: { __typename: 'Query' } });
    // Over 32 KiB: it runs, uncharged for registering, and is not kept.
    const long = `{ __typename } # ${'y'.repeat(40_000)}`;
    expect(await charged({ query: long, extensions: persisted(long) })).toEqual({ points: 1, data: { __typename: 'Query' } });
    expect(await charged({ extensions: persisted(long) })).toEqual({ points: 1, data: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  it('reads a GET whose parameter names are %-escaped as the same parameters', async () => {
    const url = `${app.url}?ext%65nsions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'A'.repeat(64) } }))}`;
    const response = await fetch(url);
    expect([response.status, ((await response.json()) as any).errors[0].extensions.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('refuses a hash that is not the hash of the text sent with it', async () => {
    const answer = await post(app, { query: UNLISTED, extensions: persisted(CATEGORIES) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/^extensions\.persistedQuery\.sha256Hash must be the SHA-256 of the query text sent with it /);
  });

  it('refuses two different IDs in one request, however they are sent, instead of running one of them', async () => {
    const refused = async (answer: { status: number; body: any }) => [answer.status, answer.body.errors[0].extensions.code, answer.body.errors[0].message];
    expect(await refused(await post(app, { documentId: 'categories-v1', extensions: persisted(SOURCES) }))).toEqual([
      400,
      'BAD_REQUEST',
      `Send one persisted operation's ID: \`documentId\` ("categories-v1") and \`extensions.persistedQuery.sha256Hash\` ("${sha256Hex(SOURCES)}") differ.`,
    ]);
    expect(await refused(await post(app, { doc_id: 'categories-v1', documentId: sha256Hex(SOURCES) }))).toEqual([
      400,
      'BAD_REQUEST',
      `Send one persisted operation's ID: \`documentId\` ("${sha256Hex(SOURCES)}") and \`doc_id\` ("categories-v1") differ.`,
    ]);
    const twice = await fetch(`${app.url}?documentId=categories-v1&documentId=${sha256Hex(SOURCES)}`);
    expect([twice.status, ((await twice.json()) as any).errors[0].message]).toEqual([400, 'The `documentId` parameter may be given once; got 2.']);
    // The same ID twice is one ID.
    expect((await post(app, { documentId: sha256Hex(SOURCES), extensions: persisted(SOURCES) })).body).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
  });

  it("knows the manifest's operations by their IDs from the start, and says which ID it does not know", async () => {
    expect((await post(app, { documentId: 'categories-v1' })).body).toEqual({ data: { categories: [] } });
    expect((await get(app, { extensions: persisted(SOURCES) })).body).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
    const unknown = await post(app, { documentId: 'abc' });
    expect(unknown.body.errors[0]).toEqual({ message: 'No operation has the ID "abc" in the manifest (PERSISTED_QUERIES_MANIFEST).', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect((await post(first, { documentId: 'abc' })).body.errors[0].message).toBe('No operation has the ID "abc" here: no manifest is loaded (PERSISTED_QUERIES_MANIFEST).');
  });
});

describe('automatic persisted queries shared through Redis', () => {
  // Six servers opening their embedded databases at once can hold the event loop past a Redis connection's 2 s
  // connect timeout; such a process then reconnects (after 250 ms, 500 ms, …) and, as designed, keeps what it
  // registers meanwhile in memory alone. These tests are about processes that reach Redis: wait until each does,
  // registering a query of its own until Redis holds it.
  beforeAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      for (const [index, each] of [first, second].entries()) {
        const query = `{ categories { slug } } # warm-up ${index}`;
        const key = `${prefix}apq:${sha256Hex(query)}`;
        for (let tries = 0; tries < 100 && (await redis.get(key)) === null; tries++) {
          await post(each, { query, extensions: persisted(query) });
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(await redis.get(key)).toBe(query);
      }
    } finally {
      redis.disconnect();
    }
  }, 30_000);

  it('runs on one process a query registered on another, kept in Redis under REDIS_KEY_PREFIX', async () => {
    expect((await post(first, { query: SOURCES, extensions: persisted(SOURCES) })).body.data).toEqual({ sources: { totalCount: expect.any(Number) } });
    const key = `${prefix}apq:${sha256Hex(SOURCES)}`;
    const redis = new Redis(TEST_REDIS_URL);
    try {
      // Apollo registers without waiting for the store: the answer may come before Redis has the query (on a busy
      // machine, under Node 24, more than a second before).
      for (let tries = 0; tries < 250 && (await redis.get(key)) === null; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await redis.get(key)).toBe(SOURCES);
      expect(await redis.ttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    expect((await post(second, { extensions: persisted(SOURCES) })).body.data).toEqual({ sources: { totalCount: expect.any(Number) } });
  });

  it('asks a Redis that hangs once, not for every hash it does not know, until it answers again', async () => {
    relay.freeze({ hold: true });
    try {
      // Six hashes the process has not seen: each would be looked up in Redis (250 ms each while it hangs).
      const started = Date.now();
      for (let n = 0; n < 6; n++) expect(codeOf(await post(second, { extensions: persisted(`{ categories { id } } # hung ${n}`) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(Date.now() - started).toBeLessThan(6 * 250);
    } finally {
      relay.thaw();
    }
    // Answering again (a PING every second tells it): a query registered on one process is found by the other.
    const query = '{ categories { slug name } } # after the hang';
    const deadline = Date.now() + 10_000;
    let found: { body: any } | undefined;
    for (let n = 0; Date.now() < deadline; n++) {
      const numbered = `${query} ${n}`;
      await post(first, { query: numbered, extensions: persisted(numbered) });
      await new Promise((resolve) => setTimeout(resolve, 200));
      found = await post(second, { extensions: persisted(numbered) });
      if (!codeOf(found)) break;
    }
    expect(found!.body).toEqual({ data: { categories: [] } });
  });

  it.each([
    ['stops answering', (r: TcpRelay) => r.freeze(), (r: TcpRelay) => r.thaw()],
    ['refuses connections', (r: TcpRelay) => r.cut(), (r: TcpRelay) => r.open()],
  ])('fails no query while Redis %s: each process goes on with what it has in memory', async (_title, away, back) => {
    const query = `{ categories { id name } } # ${_title}`;
    await away(relay);
    try {
      expect((await post(first, { query: CATEGORIES })).body).toEqual({ data: { categories: [] } });
      // Registered and found again on the process that saw it; unknown to the other, which asks for the text.
      expect((await post(first, { query, extensions: persisted(query) })).body).toEqual({ data: { categories: [] } });
      expect((await post(first, { extensions: persisted(query) })).body).toEqual({ data: { categories: [] } });
      expect(codeOf(await post(second, { extensions: persisted(query) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await post(second, { query, extensions: persisted(query) })).body).toEqual({ data: { categories: [] } });
      // What a process had read from Redis before stays in its memory.
      expect((await post(second, { extensions: persisted(SOURCES) })).body.data).toEqual({ sources: { totalCount: expect.any(Number) } });
    } finally {
      await back(relay);
    }
  });
});

describe('PERSISTED_QUERIES=only: the operations of a manifest and nothing else', () => {
  it.each([
    ['an APQ hash (Apollo Client with the manifest)', { extensions: persisted(SOURCES) }],
    ['a documentId', { documentId: sha256Hex(SOURCES) }],
    ['an ID that is not a hash', { documentId: 'categories-v1' }],
    ['its exact text', { query: SOURCES }],
    ['its exact text with its hash', { query: SOURCES, extensions: persisted(SOURCES) }],
  ])('runs a listed operation named by %s', async (_title, body) => {
    const answer = await post(onlyApp, body);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('runs a listed operation over GET, cacheable', async () => {
    const answer = await get(onlyApp, { extensions: persisted(SOURCES) });
    expect(answer.body).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
    expect(answer.cacheControl).toBe('max-age=5, public');
  });

  it('refuses any other query text with PERSISTED_QUERY_NOT_IN_LIST, over POST and GET', async () => {
    for (const answer of [await post(onlyApp, { query: UNLISTED }), await get(onlyApp, { query: UNLISTED })]) {
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(answer.body.errors[0].message).toMatch(/runs only the operations of its manifest \(PERSISTED_QUERIES=only\)/);
    }
  });

  it("refuses a listed text sent with another operation's hash, as PERSISTED_QUERIES=auto does", async () => {
    // CATEGORIES is listed, under the ID categories-v1; SOURCES' hash names another operation.
    for (const hash of [sha256Hex(SOURCES), 'categories-v2']) {
      const answer = await post(onlyApp, { query: CATEGORIES, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('BAD_REQUEST');
      expect(answer.body.errors[0].message).toMatch(/^extensions\.persistedQuery\.sha256Hash must be the SHA-256 of the query text sent with it/);
    }
    // Its own ID, or its SHA-256, with it: run.
    for (const hash of ['categories-v1', sha256Hex(CATEGORIES)]) {
      const answer = await post(onlyApp, { query: CATEGORIES, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      expect(answer.body).toEqual({ data: expect.any(Object) });
    }
  });

  it("refuses an unlisted operation in Apollo's link flow: the hash is not found, then the text is not in the list", async () => {
    expect(codeOf(await post(onlyApp, { extensions: persisted(UNLISTED) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(await post(onlyApp, { query: UNLISTED, extensions: persisted(UNLISTED) }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    // Nor was it registered by trying.
    expect(codeOf(await post(onlyApp, { extensions: persisted(UNLISTED) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it.each([
    ['of a version this server does not know', { version: 2, sha256Hash: sha256Hex(SOURCES) }, /^Unsupported persisted query version: this server reads version 1 of extensions\.persistedQuery; got 2\.$/],
    ['that is not an object', 'x', /^extensions\.persistedQuery must be an object such as .*; got "x"\.$/],
    ['whose hash is not a string', { version: 1, sha256Hash: 7 }, /^extensions\.persistedQuery\.sha256Hash must be a string .*; got 7\.$/],
  ])('refuses a persisted query %s with 400 BAD_REQUEST, as PERSISTED_QUERIES=auto does', async (_name, persistedQuery, message) => {
    for (const server of [onlyApp, app]) {
      for (const answer of [await post(server, { extensions: { persistedQuery } }), await get(server, { extensions: { persistedQuery } })]) {
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
  });

  it('refuses, with 400 BAD_REQUEST, an automatic persisted query whose hash cannot be a SHA-256, and a document ID that is not a string', async () => {
    const badHash = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: 'zz' } } });
    expect(badHash.status).toBe(400);
    expect(badHash.body).toEqual({
      errors: [{ message: 'extensions.persistedQuery.sha256Hash must be the SHA-256 of the query text, 64 lower-case hex digits; got "zz".', extensions: { code: 'BAD_REQUEST' } }],
    });
    // Upper-case hex is not how a SHA-256 is sent: Apollo Server would never find it registered.
    const upper = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: 'A'.repeat(64) } } });
    expect([upper.status, upper.body.errors[0].extensions.code]).toEqual([400, 'BAD_REQUEST']);
    for (const server of [onlyApp, app]) {
      const answer = await post(server, { doc_id: { a: 1 } });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(/^doc_id must be a string, the ID of an operation of the manifest; got /), extensions: { code: 'BAD_REQUEST' } }] });
    }
    // A well-formed hash not yet registered is still Apollo's PersistedQueryNotFound, which makes its link send the text.
    expect(codeOf(await post(app, { extensions: persisted('{ __typename }') }))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('takes automatic persisted queries over WebSocket as over HTTP (PERSISTED_QUERIES=auto)', async () => {
    const client = liveClient(app.url);
    /** Subscribes with `payload`; resolves with the errors it ended with ('completed' if it completed). */
    const outcome = (payload: { query: string; extensions: Record<string, unknown> }) =>
      new Promise<unknown>((resolve) => {
        client.subscribe(payload, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
      });
    const query = 'subscription Apq { newsItemAdded { node { title } } }';
    try {
      // A hash not registered (graphql-ws needs a string for the text: an empty one sends none): the text is asked
      // for, as over HTTP (Apollo Client's link then sends it).
      expect(await outcome({ query: '', extensions: persisted(query) })).toEqual([expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })]);
      // A text that is not the hash's: refused, not run.
      expect(await outcome({ query, extensions: persisted(LIVE) })).toEqual([expect.objectContaining({ message: expect.stringMatching(/^extensions\.persistedQuery\.sha256Hash must be the SHA-256 of the query text sent with it /), extensions: { code: 'BAD_REQUEST' } })]);
      // The text with its hash runs and is registered: the hash alone runs then, on a new connection too.
      void outcome({ query, extensions: persisted(query) });
      await subscriptionsRunning(app.url, 1);
      const again = liveClient(app.url);
      try {
        again.subscribe({ query: '', extensions: persisted(query) }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        await subscriptionsRunning(app.url, 2);
      } finally {
        await again.dispose();
      }
    } finally {
      await client.dispose();
    }
  });

  it('runs a listed subscription over WebSocket, and refuses any other', async () => {
    const client = liveClient(onlyApp.url);
    try {
      const refused = subscribe(client, 'subscription { newsItemAdded { node { title } } }');
      expect(await refused.ended).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } })]);
      // The listed one runs (its events are the live updates' tests' concern).
      subscribe(client, LIVE);
      await subscriptionsRunning(onlyApp.url, 1);
    } finally {
      await client.dispose();
    }
  });

  it('says which ID it does not know', async () => {
    const answer = await post(onlyApp, { documentId: 'nope' });
    expect(answer.body.errors[0]).toEqual({ message: 'No operation has the ID "nope" in the manifest (PERSISTED_QUERIES_MANIFEST).', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
  });

  it("takes Relay's map of IDs to texts, and Relay's doc_id", async () => {
    expect((await post(relayApp, { doc_id: '5f1b2a' })).body).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
    expect((await get(relayApp, { doc_id: '5f1b2a' })).body).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
    expect(codeOf(await post(relayApp, { query: CATEGORIES }))).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe('PERSISTED_QUERIES=off', () => {
  it('refuses a hash and a document ID, and runs query texts', async () => {
    expect(codeOf(await post(offApp, { query: CATEGORIES, extensions: persisted(CATEGORIES) }))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(codeOf(await post(offApp, { documentId: 'abc' }))).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect((await post(offApp, { query: CATEGORIES })).body).toEqual({ data: { categories: [] } });
  });
});
