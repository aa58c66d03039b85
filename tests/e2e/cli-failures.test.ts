import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { lockDataDir } from '../../src/db/data-dir-lock';
import { ensureBuilt, runNewsline } from '../helpers/cli-process';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { freePort } from '../helpers/free-port';
import { clustersUnavailable, PostgresClusters } from '../helpers/postgres-cluster';

beforeAll(() => ensureBuilt(), 180_000);

/** Runs `newsline <args>` and expects it to exit with `code` after printing exactly `line` (and no stack) on stderr. */
async function expectFailure(args: string[], env: Record<string, string>, code: number, line: string | RegExp, options = {}) {
  const result = await runNewsline(args, { LOG_LEVEL: 'warn', ...env }, options);
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(typeof line === 'string' ? new RegExp(`^${escape(line)}$`) : line), '']);
  expect(result.code).toBe(code);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folder = () => mkdtempSync(join(tmpdir(), 'newsline-failure-'));

describe('runtime failures print one line with a hint, and exit 1', () => {
  it('port in use: names the port and PORT', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      await expectFailure(['serve'], { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: folder() }, 1, `Port ${port} is already in use: stop the program listening there, or set PORT to another port (PORT=0 picks a free one).`);
    } finally {
      holder.close();
    }
  });

  it('a HOST that is no host name: names HOST, not the database', async () => {
    await expectFailure(['serve'], { HOST: 'nohost.invalid', PORT: '0', DATA_DIR: 'memory://' }, 1, /^Cannot listen on nohost\.invalid: no host of that name was found \((ENOTFOUND|EAI_AGAIN)\); set HOST to an address of this machine, or to 0\.0\.0\.0 for all\.$/);
  });

  it('connection refused: names the address and DATABASE_URL', async () => {
    const port = await freePort();
    await expectFailure(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/newsline` }, 1, `Nothing accepts connections at 127.0.0.1:${port} (connection refused): start PostgreSQL there, or fix the host and port in DATABASE_URL.`);
  });

  it('host not found: names the host', async () => {
    await expectFailure(['sources', 'list'], { DATABASE_URL: 'postgres://postgres@db.newsline.invalid:5432/newsline' }, 1, 'The database host "db.newsline.invalid" was not found: fix the host in DATABASE_URL.');
  });

  it('DATA_DIR is a file', async () => {
    const file = join(folder(), 'data');
    writeFileSync(file, 'not a folder');
    await expectFailure(['migrate'], { DATA_DIR: file }, 1, `DATA_DIR=${file} is a file, not a folder: set DATA_DIR to a folder; it is created if missing.`);
  });

  it('DATA_DIR cannot be created (under /proc, where mkdir says ENOENT although the parent exists): one line, not a spin', async () => {
    await expectFailure(['migrate'], { DATA_DIR: '/proc/newsline/data' }, 1, 'DATA_DIR=/proc/newsline/data cannot be created (ENOENT on /proc/newsline): set DATA_DIR to a folder; it is created if missing.');
  });

  it('DATA_DIR is not writable', async () => {
    const dataDir = folder();
    chmodSync(dataDir, 0o555);
    // Root writes anywhere: when the tests run as root, the command runs without root's capabilities (still as root,
    // so it can read a checkout in a folder only root may enter), and the folder's permissions hold for it too.
    const options = process.getuid?.() === 0 ? { runThrough: ['setpriv', '--bounding-set=-all', '--inh-caps=-all', '--'] } : {};
    await expectFailure(
      ['sources', 'list'],
      { DATA_DIR: dataDir },
      1,
      `DATA_DIR=${dataDir} cannot be written by this user (EACCES on ${join(dataDir, 'newsline.lock')}): choose a folder it can write, or change the folder's owner or permissions.`,
      options,
    );
  });

  it('LOG_LEVEL=debug adds the stack after the line', async () => {
    const port = await freePort();
    const result = await runNewsline(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/newsline`, LOG_LEVEL: 'debug' });
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe(`Nothing accepts connections at 127.0.0.1:${port} (connection refused): start PostgreSQL there, or fix the host and port in DATABASE_URL.`);
    expect(lines.filter((line) => line.startsWith('    at ')).length).toBeGreaterThan(0);
    expect(result.code).toBe(1);
  });
});

describe('the TypeORM CLI (npm run typeorm)', () => {
  it('on a folder another process holds, or with a setting that does not fit, says so in one line and exits 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-orm-'));
    // This test's process holds the folder, as a running `newsline serve` does.
    const release = lockDataDir(dataDir);
    try {
      for (const [env, line] of [
        [{ DATA_DIR: dataDir }, new RegExp(`^The embedded database in ${dataDir} is in use by process ${process.pid} `)],
        [{ DATA_DIR: dataDir, PORT: 'abc' }, /^Invalid configuration: PORT="abc": expected a whole number/],
      ] as const) {
        const result = spawnSync('npm', ['run', '--silent', 'typeorm', '--', 'migration:show'], { cwd: join(__dirname, '../..'), env: { ...process.env, ...env }, encoding: 'utf8' });
        expect([result.status, result.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(line)]);
        expect(result.stderr).not.toMatch(/Unable to open file|\n\s+at /);
      }
    } finally {
      release();
    }
  }, 60_000);
});

describe('a Redis that refuses the database REDIS_URL names', () => {
  it('stops `serve` with one line and exit 2, and writes nothing to database 0', async () => {
    const { hostname, port } = new URL(TEST_REDIS_URL);
    const prefix = uniquePrefix();
    const result = await runNewsline(['serve'], { DATA_DIR: folder(), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', REDIS_URL: `redis://${hostname}:${port || 6379}/9999`, REDIS_KEY_PREFIX: prefix });
    expect(result.stderr.split('\n')).toEqual([
      `Invalid configuration: REDIS_URL: the Redis at ${hostname}:${port || 6379} refuses database 9999 ("ERR DB index is out of range"); a Redis has databases 0 to 15 unless its \`databases\` setting says more.`,
      '',
    ]);
    expect(result.code).toBe(2);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('usage errors exit 2', () => {
  it('an unknown option: named as typed, then the usage of the command', async () => {
    const result = await runNewsline(['sources', 'list', '--bogus'], { DATA_DIR: folder(), LOG_LEVEL: 'warn' });
    const [line, blank, usage, ...rest] = result.stderr.split('\n');
    expect([line, blank, usage]).toEqual(['Unknown option "--bogus".', '', 'Usage:']);
    expect(rest).toContain('  newsline sources list');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
  });

  it.each([
    [['serve', '--bogus'], 'Unknown option "--bogus".'],
    [['worker', '--port', '1'], 'Unknown option "--port".'],
    [['serve', 'extra'], 'Unexpected argument "extra".'],
    [['migrate', '--bogus'], 'Unknown option "--bogus".'],
  ])("%j: refused with the command's usage (these take no options: they read the environment), nothing started", async (args, line) => {
    const dataDir = folder();
    const result = await runNewsline(args, { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([line, '', `Usage: newsline ${args[0]}`]);
    expect(result.stderr).toContain('Set up through the environment alone');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("a count that is not a number: named with what was typed, then the command's usage", async () => {
    const result = await runNewsline(['demo', '--articles', 'lots'], { DATA_DIR: folder(), LOG_LEVEL: 'warn' });
    expect(result.stderr.split('\n').slice(0, 3)).toEqual(['--articles expects a whole number from 0 to 10000000; got "lots".', '', 'Usage: newsline demo [--articles N] [--news-items N] [--seed N]']);
    expect(result.stderr).not.toContain('Configuration is read from the environment');
    expect(result.code).toBe(2);
  });

  it.each([
    [['--articles', '10000001'], '--articles expects a whole number from 0 to 10000000; got "10000001".'],
    [['--news-items', '99999999999999999999'], '--news-items expects a whole number from 0 to 10000000; got "99999999999999999999".'],
    [['--seed', '2147483648'], '--seed expects a whole number from 0 to 2147483647; got "2147483648".'],
  ])('demo %j: a count past its documented most is refused before anything is opened', async (args, line) => {
    const dataDir = folder();
    const result = await runNewsline(['demo', ...args], { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect({ code: result.code, line: result.stderr.split('\n')[0], stdout: result.stdout }).toEqual({ code: 2, line, stdout: '' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('no command: the usage, on standard error (it is a complaint), with exit code 2', async () => {
    const result = await runNewsline([], {});
    expect(result.stderr).toMatch(/^Usage: newsline <command> \[options\]\n/);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('a variable that does not fit', async () => {
    const result = await runNewsline(['migrate'], { DATABASE_STATEMENT_TIMEOUT_MS: 'soon' });
    expect(result.stderr).toBe(
      'Invalid configuration: DATABASE_STATEMENT_TIMEOUT_MS="soon": expected a whole number from 0 to 3600000. DATABASE_STATEMENT_TIMEOUT_MS: longest an API statement may run; 0 for no limit\n',
    );
    expect(result.code).toBe(2);
  });
});

const server = process.env.TEST_DATABASE_URL;
const describeOnServer = server ? describe : describe.skip;

describeOnServer(`failures a PostgreSQL server answers with${server ? '' : ' (skipped: needs a PostgreSQL server, set TEST_DATABASE_URL)'}`, () => {
  const url = new URL(server ?? 'postgres://localhost');
  const where = `${url.hostname}:${url.port || 5432}`;
  const at = (database: string, user = 'postgres') => {
    const target = new URL(url);
    target.pathname = `/${database}`;
    target.username = user;
    return target.toString();
  };

  it('database missing: names it and the createdb that makes it; serve does not wait for it', async () => {
    await expectFailure(
      ['serve'],
      { DATABASE_URL: at('newsline_missing'), PORT: '0', HOST: '127.0.0.1' },
      1,
      `The database "newsline_missing" does not exist on ${where}: create it (createdb -h ${url.hostname} -p ${url.port || 5432} -U postgres newsline_missing), or fix its name in DATABASE_URL.`,
    );
  });

  it('role missing: names it and the createuser that makes it', async () => {
    await expectFailure(
      ['migrate'],
      { DATABASE_URL: at('postgres', 'newsline_ghost') },
      1,
      `The role "newsline_ghost" does not exist on ${where}: create it (createuser -h ${url.hostname} -p ${url.port || 5432} -U postgres newsline_ghost), or fix the user in DATABASE_URL.`,
    );
  });

  const unavailable = clustersUnavailable();
  (unavailable ? it.skip : it)(`password wrong: names the user${unavailable ? ` (skipped: ${unavailable})` : ''}`, async () => {
    // The machine's server trusts every local connection, so a server of the test's own asks for passwords.
    const clusters = PostgresClusters.create();
    try {
      const secured = await clusters.primary(['host all newsline_secret 127.0.0.1/32 scram-sha-256']);
      const client = new Client({ connectionString: secured.url() });
      await client.connect();
      await client.query("CREATE ROLE newsline_secret LOGIN PASSWORD 'right'");
      await client.end();
      await expectFailure(
        ['migrate'],
        { DATABASE_URL: secured.url('postgres', 'newsline_secret', 'wrong') },
        1,
        `127.0.0.1:${secured.port} refused the password of user "newsline_secret": fix the password in DATABASE_URL.`,
      );
    } finally {
      await clusters.dispose();
    }
  });
});
