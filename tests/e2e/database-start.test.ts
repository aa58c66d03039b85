import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureBuilt, NewslineProcess, spawnNewsline } from '../helpers/cli-process';
import { freePort } from '../helpers/free-port';
import { startSilentServer, startTcpRelay, TcpRelay } from '../helpers/tcp-relay';

const UNAVAILABLE = { errors: [{ message: 'The database is unavailable right now. Try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };

beforeAll(() => ensureBuilt(), 180_000);

/** How long serve waits for the database here: time for a loaded machine to answer the checks made meanwhile. */
const WAIT_SECONDS = '8';

/** Starts `newsline serve` on a free port and waits for the line that says where it listens. */
async function serve(env: Record<string, string>): Promise<{ newsline: NewslineProcess; base: string }> {
  const newsline = spawnNewsline(['serve'], { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env });
  const line = await newsline.line(/listening on/);
  return { newsline, base: /listening on (http:\/\/\S+)\/graphql/.exec(line)![1] };
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};
const graphql = async (base: string, query: string) => {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json() };
};
const attempts = (newsline: NewslineProcess) =>
  newsline
    .stderrLines()
    .filter((line) => line.includes('the database cannot be reached'))
    .map((line) => {
      const { attempt, reason, retryInMs } = JSON.parse(line);
      return { attempt, reason, retryInMs };
    });

/** What serve answers while it waits for the database. */
async function expectWaiting(base: string): Promise<void> {
  expect(await get(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await get(`${base}/readyz`)).toEqual({ status: 503, body: { status: 'waiting for the database' } });
  expect(await graphql(base, '{ categories { id } }')).toEqual({ status: 503, body: UNAVAILABLE });
}

describe('serve with no database to talk to', () => {
  it('refused: listens at once, answers 503 while it retries with backoff, and exits 1 after DATABASE_WAIT_SECONDS with one line', async () => {
    const port = await freePort();
    const { newsline, base } = await serve({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/newsline`, DATABASE_WAIT_SECONDS: WAIT_SECONDS });
    await expectWaiting(base);
    expect(await newsline.exited).toBe(1);
    const refused = `Nothing accepts connections at 127.0.0.1:${port} (connection refused): start PostgreSQL there, or fix the host and port in DATABASE_URL.`;
    expect(attempts(newsline).slice(0, 2)).toEqual([
      { attempt: 1, reason: refused, retryInMs: 500 },
      { attempt: 2, reason: refused, retryInMs: 1000 },
    ]);
    const lines = newsline.stderrLines();
    expect(lines[lines.length - 1]).toBe(`The database did not answer within DATABASE_WAIT_SECONDS=${WAIT_SECONDS}: ${refused}`);
    expect(lines.filter((line) => line.startsWith('    at '))).toEqual([]);
  });

  it('silent (accepts TCP, never answers): each attempt gives up after DATABASE_CONNECT_TIMEOUT_MS, and the start after DATABASE_WAIT_SECONDS', async () => {
    const silent = await startSilentServer();
    try {
      const { newsline, base } = await serve({ DATABASE_URL: `postgres://postgres@127.0.0.1:${silent.port}/newsline`, DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_WAIT_SECONDS: WAIT_SECONDS });
      await expectWaiting(base);
      expect(await newsline.exited).toBe(1);
      const silence = `127.0.0.1:${silent.port} accepted a connection but did not answer within DATABASE_CONNECT_TIMEOUT_MS=500: check that it is PostgreSQL and not overloaded.`;
      expect(attempts(newsline)[0]).toEqual({ attempt: 1, reason: silence, retryInMs: 500 });
      const lines = newsline.stderrLines();
      expect(lines[lines.length - 1]).toBe(`The database did not answer within DATABASE_WAIT_SECONDS=${WAIT_SECONDS}: ${silence}`);
    } finally {
      await silent.close();
    }
  });
});

describe('worker with no database to talk to', () => {
  it('waits the same way, and exits 1 after DATABASE_WAIT_SECONDS with one line', async () => {
    const port = await freePort();
    const worker = spawnNewsline(['worker'], { LOG_LEVEL: 'warn', DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/newsline`, DATABASE_WAIT_SECONDS: '1' });
    expect(await worker.exited).toBe(1);
    const refused = `Nothing accepts connections at 127.0.0.1:${port} (connection refused): start PostgreSQL there, or fix the host and port in DATABASE_URL.`;
    expect(attempts(worker)[0]).toEqual({ attempt: 1, reason: refused, retryInMs: 500 });
    const lines = worker.stderrLines();
    expect(lines[lines.length - 1]).toBe(`The database did not answer within DATABASE_WAIT_SECONDS=1: ${refused}`);
  });
});

const server = process.env.TEST_DATABASE_URL;
const describeOnServer = server ? describe : describe.skip;

describeOnServer(`serve and a PostgreSQL database that comes and goes${server ? '' : ' (skipped: needs a PostgreSQL server, set TEST_DATABASE_URL)'}`, () => {
  const name = `newsline_start_${randomBytes(4).toString('hex')}`;
  let relay: TcpRelay;
  let newsline: NewslineProcess;
  let base: string;

  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    await client.query(sql);
    await client.end();
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(server!);
    relay = await startTcpRelay({ host: url.hostname, port: Number(url.port || 5432) });
  });
  afterAll(async () => {
    await newsline?.stop();
    await relay?.cut();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('down at start: serve waits, then migrates, says the empty database needs sources, and serves', async () => {
    ({ newsline, base } = await serve({ DATABASE_URL: `postgres://postgres@127.0.0.1:${relay.port}/${name}` }));
    await newsline.line(/the database cannot be reached/);
    await expectWaiting(base);
    await relay.open();
    await newsline.line(/Newsline is serving/);
    expect(JSON.parse(await newsline.line(/migrations applied/)).migrations.length).toBeGreaterThan(0);
    expect(JSON.parse(await newsline.line(/no sources yet/)).message).toBe(
      'the database has no sources yet: add one (`newsline sources add <feed-url>` or the addSource mutation), or start once with DEMO_DATA=always for demo data',
    );
    expect(await get(`${base}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await graphql(base, '{ categories { id } }')).toEqual({ status: 200, body: { data: { categories: [] } } });
  });

  it('gone later: requests fail with SERVICE_UNAVAILABLE and /readyz says 503; both recover when it is back', async () => {
    await relay.cut();
    const down = await graphql(base, '{ categories { id } }');
    expect(down.body.errors).toEqual([{ ...UNAVAILABLE.errors[0], locations: [{ line: 1, column: 3 }], path: ['categories'] }]);
    expect((await get(`${base}/readyz`)).status).toBe(503);
    await relay.open();
    expect(await graphql(base, '{ categories { id } }')).toEqual({ status: 200, body: { data: { categories: [] } } });
    expect(await get(`${base}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(newsline.child.exitCode).toBeNull();
  });
});
