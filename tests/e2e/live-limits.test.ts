import { ArticleEntity } from '../../src/db/entities';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';
import { subscriptionsRunning } from '../helpers/live-client';
import { RawConnection } from '../helpers/raw-live';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    LIVE_MAX_CONNECTIONS_PER_CLIENT: '3',
    LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    LIVE_INIT_TIMEOUT_MS: '300',
    LIVE_MAX_BUFFERED_BYTES: '65536',
    LIVE_STALL_TIMEOUT_MS: '1000',
    MAX_QUERY_COST: '20',
    MAX_QUERY_DEPTH: '5',
    RATE_LIMIT_POINTS: '150',
  });
});
afterAll(async () => {
  await app?.close();
});

const connections: RawConnection[] = [];
const open = async (init = true) => {
  const connection = await RawConnection.open(app.url, init);
  connections.push(connection);
  return connection;
};
afterEach(async () => {
  connections.splice(0).forEach((c) => c.close());
  await subscriptionsRunning(app.url, 0, 10_000, 'at most');
});

const TITLES = 'subscription { articleAdded { cursor node { title } } }';

/** The errors a subscription was refused with, as [code, message]. */
async function refusal(connection: RawConnection, id: string): Promise<[string, string][]> {
  const error = await connection.message((m) => m.id === id && (m.type === 'error' || m.type === 'next'));
  const errors = error.type === 'error' ? error.payload : error.payload.errors;
  return errors.map((e: { extensions: { code: string }; message: string }) => [e.extensions.code, e.message]);
}

describe('a connection', () => {
  it('that offers another subprotocol, or none, is closed with 4406 saying which to offer, after a handshake a strict client accepts', async () => {
    for (const protocols of [['graphql-ws'], ['graphql-ws', 'other'], []]) {
      // `ws` is strict: a handshake that answers none of the offered subprotocols fails it with no close code.
      const connection = new RawConnection(app.url, protocols);
      const opened = new Promise((resolve, reject) => connection.socket.once('open', resolve).once('error', reject));
      await expect(opened).resolves.toBeUndefined();
      expect(connection.socket.protocol).toBe(protocols[0] ?? '');
      expect(await connection.closed).toEqual({ code: 4406, reason: 'Subprotocol not acceptable: offer graphql-transport-ws' });
    }
    // One that offers it among others speaks it.
    const both = new RawConnection(app.url, ['graphql-ws', 'graphql-transport-ws']);
    await new Promise((resolve, reject) => both.socket.once('open', resolve).once('error', reject));
    expect(both.socket.protocol).toBe('graphql-transport-ws');
    both.close();
  });

  it('that does not send connection_init in time is closed with 4408', async () => {
    const connection = await open(false);
    expect(await connection.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('past the connections one client may hold is closed with 4430, and accepted again once one closes', async () => {
    const held = [await open(), await open(), await open()];
    const fourth = await RawConnection.open(app.url, false);
    expect(await fourth.closed).toEqual({ code: 4430, reason: 'Too many connections: at most 3 per client' });
    held[0].close();
    await held[0].closed;
    // The server counts the closed one out when it sees the close, which the client may see first.
    for (let tries = 0; ; tries++) {
      const again = await RawConnection.open(app.url, false);
      const outcome = await Promise.race([again.closed, new Promise((done) => setTimeout(() => done('open'), 200))]);
      if (outcome === 'open') {
        again.close();
        break;
      }
      expect(tries).toBeLessThan(50);
    }
  });
});

describe('a subscription', () => {
  it('past the subscriptions one connection may run is refused with TOO_MANY_SUBSCRIPTIONS; the others go on', async () => {
    const source = await insertSource(app.dataSource);
    const connection = await open();
    connection.subscribe('1', TITLES);
    connection.subscribe('2', TITLES);
    await subscriptionsRunning(app.url, 2);
    connection.subscribe('3', TITLES);
    expect(await refusal(connection, '3')).toEqual([['TOO_MANY_SUBSCRIPTIONS', expect.stringContaining('at most 2 subscriptions at once (LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION)')]]);
    await app.dataSource.getRepository(ArticleEntity).save({ sourceId: source.id, url: 'https://e.example/limits/1', title: 'Still flowing', publishedAt: new Date(), tags: [], wordCount: 1 });
    for (const id of ['1', '2']) {
      const next = await connection.message((m) => m.id === id && m.type === 'next');
      expect(next.payload.data.articleAdded.node.title).toBe('Still flowing');
    }
  });

  it.each([
    ['costs more than MAX_QUERY_COST', 'subscription { articleAdded { node { body bodyText newsItems { source { name } } } } }', 'COST_LIMIT_EXCEEDED', /costs 32 points per event; one operation may cost at most 20/],
    ['nests deeper than MAX_QUERY_DEPTH', 'subscription { articleAdded { node { newsItems { article { newsItems { article { title } } } } } } }', 'GRAPHQL_VALIDATION_FAILED', /nests deeper than 5 levels \(MAX_QUERY_DEPTH\)/],
    ['does not parse', 'subscription { articleAdded { ', 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['is not one (a query)', '{ articles { totalCount } }', 'GRAPHQL_VALIDATION_FAILED', /runs subscriptions only; send this query over HTTP/],
    ['names a field that does not exist', 'subscription { articleRemoved { cursor } }', 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "articleRemoved" on type "Subscription"/],
  ])('that %s is refused before it runs', async (_what, query, code, message) => {
    const connection = await open();
    connection.subscribe('1', query);
    const [[gotCode, gotMessage]] = await refusal(connection, '1');
    expect(gotCode).toBe(code);
    expect(gotMessage).toMatch(message);
  });

  it("that goes over a document limit is refused with that limit's error alone", async () => {
    const connection = await open();
    connection.subscribe('1', `subscription { articleAdded { cursor ${'@skip(if: false) '.repeat(60)}} }`);
    expect(await refusal(connection, '1')).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Directives limit of 50 exceeded, found 60. See the README, "Limits".']]);
  });
});

describe('a client that does not read', () => {
  it('is dropped once its unsent bytes pass LIVE_MAX_BUFFERED_BYTES, not buffered without end', async () => {
    const source = await insertSource(app.dataSource);
    const reader = await open();
    const stalled = await open();
    const query = 'subscription { articleAdded { node { title body } } }';
    reader.subscribe('1', query);
    stalled.subscribe('1', query);
    await subscriptionsRunning(app.url, 2);
    stalled.socket.pause();
    // 40 articles of 500 kB in one commit: 20 MB, more than the socket buffers of both ends hold.
    const body = `<p>${'All work and no play. '.repeat(22_000)}</p>`;
    await app.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 40; i++) {
        await manager.getRepository(ArticleEntity).save({ sourceId: source.id, url: `https://e.example/stalled/${i}`, title: `Heavy ${i}`, body, publishedAt: new Date(), tags: [], wordCount: 1 });
      }
    });
    // The reader gets all of them (its buffer drains as it reads); the one that does not read is closed.
    await reader.message((m) => m.type === 'next' && m.payload.data.articleAdded.node.title === 'Heavy 39', 60_000);
    for (let waited = 0; (await metric('newsline_live_dropped_slow_total')) < 1; waited += 50) {
      expect(waited).toBeLessThan(30_000);
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(await metric('newsline_live_dropped_slow_total')).toBe(1);
    stalled.socket.resume();
    const { code } = await stalled.closed;
    // The close frame waits behind what the client did not read; the connection is cut after a short grace.
    expect([4413, 1006]).toContain(code);
    expect(stalled.messages.filter((m) => m.type === 'next').length).toBeLessThan(40);
  });
});

// Last: it spends the client's rate budget.
describe('subscribing', () => {
  it('is charged to the client\'s rate budget, and refused with RATE_LIMITED once it is spent', async () => {
    const connection = await open();
    // 13 points: the event, the article, its body and body text, its source.
    const costly = 'subscription { articleAdded { node { body bodyText source { name } } } }';
    for (let i = 1; ; i++) {
      expect(i).toBeLessThan(20);
      connection.subscribe(String(i), costly);
      const outcome = await Promise.race([
        connection.message((m) => m.id === String(i) && m.type === 'error').then(() => 'refused'),
        subscriptionsRunning(app.url, 1).then(() => 'running'),
      ]);
      if (outcome === 'refused') {
        expect(await refusal(connection, String(i))).toEqual([['RATE_LIMITED', expect.stringMatching(/^The rate limit of 150 cost points per minute for your address is spent/)]]);
        break;
      }
      connection.send({ id: String(i), type: 'complete' });
      await subscriptionsRunning(app.url, 0, 10_000, 'at most');
    }
  });
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

