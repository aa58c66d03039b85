import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { ensureBuilt } from '../helpers/cli-process';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { freePort } from '../helpers/free-port';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { SERVER_START_MS, ServerProcess, startServerProcess } from '../helpers/server-process';

/** Costs 61 points: 1 for the page, 3 per article (the article, its source, its category). */
const FEED = '{ articles(first: 20) { edges { node { id source { name } category { name } } } } }';
const WARNING = 'Redis does not answer: each process counts rate limits alone until it does';

async function feed(server: ServerProcess): Promise<[number, string | null]> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FEED }) });
  await response.arrayBuffer();
  return [response.status, response.headers.get('ratelimit-remaining')];
}

/** One database for every process of a test: a PostgreSQL test database, or an embedded one each. */
let database: TestDatabase;
beforeAll(() => ensureBuilt(), 180_000);
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.dispose());
const databaseEnv = (): Record<string, string> => (database.target.databaseUrl ? { DATABASE_URL: database.target.databaseUrl } : {});

describe('two server processes sharing one Redis', () => {
  const prefix = uniquePrefix();
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    const env = { ...databaseEnv(), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_POINTS: '150' };
    // One after the other: the first migrates the shared database.
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(env));
  }, 2 * SERVER_START_MS + 10_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await deleteKeys(prefix);
  });

  it('spend one budget: what one process charged, the other refuses', async () => {
    const [a, b] = servers;
    expect([await feed(a), await feed(b), await feed(a), await feed(b)]).toEqual([
      [200, '89'],
      [200, '28'],
      [429, '0'],
      [429, '0'],
    ]);
  });
});

/** A Redis server of the test's own, which it can stop and start again. */
class OwnRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redis = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 50 });
    try {
      for (let tries = 0; ; tries++) {
        if ((await redis.ping().catch(() => null)) === 'PONG') return;
        if (tries > 100) throw new Error(`redis-server did not answer on port ${this.port}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    } finally {
      redis.disconnect();
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise((done) => child.once('exit', done).kill('SIGKILL'));
  }
}

describe('when Redis goes away', () => {
  let redis: OwnRedis;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    const env = { ...databaseEnv(), REDIS_URL: redis.url, RATE_LIMIT_POINTS: '150' };
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(env));
  }, 2 * SERVER_START_MS + 10_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.kill();
  });

  it('each process answers, counting alone and saying so in its log, and shares again once Redis is back', async () => {
    const [a, b] = servers;
    expect([await feed(a), await feed(b)]).toEqual([
      [200, '89'],
      [200, '28'],
    ]);
    await redis.kill();
    // Each process now has only its own count, which starts empty.
    expect([await feed(a), await feed(a), await feed(b)]).toEqual([
      [200, '89'],
      [200, '28'],
      [200, '89'],
    ]);
    expect(servers.map((server) => [server.child.exitCode, server.stderrLines().some((line) => line.includes(WARNING))])).toEqual([
      [null, true],
      [null, true],
    ]);
    await redis.start();
    // ioredis reconnects on its own schedule (at most 5 s apart).
    await Promise.all(servers.map((server) => server.line(/Redis answers again/, 15_000)));
    // The restarted Redis is empty: a fresh shared budget for both.
    expect([await feed(a), await feed(b)]).toEqual([
      [200, '89'],
      [200, '28'],
    ]);
  });
});
