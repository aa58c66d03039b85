import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt, runNewsline } from '../helpers/cli-process';
import { corpusPath } from '../helpers/corpora';
import { rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';

/** Runs the built `newsline` command as a separate process (compiled once: each run from source would transpile it again). */
const newsline = (args: string[], env: Record<string, string> = {}) => runNewsline(args, { LOG_LEVEL: 'warn', ...env });

beforeAll(() => ensureBuilt(), 180_000);

let web: FixtureServer;
beforeAll(async () => {
  web = await startFixtureServer();
  web.route('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([{ guid: 'g1', title: 'Served headline', link: 'https://cli.example/1', pubDate: 'Wed, 27 Mar 2024 07:00:00 GMT' }]) });
});
afterAll(() => web?.close());

describe('newsline extract', () => {
  it('prints one JSON line per input, in order: feeds with items, pages as articles, failures as errors', async () => {
    const feed = corpusPath('feeds', 'input', 'heise.atom');
    const page = corpusPath('article-extraction', 'html', '042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz');
    const { code, stdout } = await newsline(['extract', feed, page, web.url('/feed.xml'), '/nonexistent/file.xml'], { ALLOW_PRIVATE_NETWORKS: 'true' });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.input, l.kind ?? 'error'])).toEqual([
      [feed, 'feed'],
      [page, 'article'],
      [web.url('/feed.xml'), 'feed'],
      ['/nonexistent/file.xml', 'error'],
    ]);
    expect(lines[0].items.length).toBeGreaterThan(10);
    expect(lines[0].items[0]).toEqual(expect.objectContaining({ guid: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:/), publishedAt: expect.stringMatching(/Z$/) }));
    expect(lines[1].bodyText.length).toBeGreaterThan(200);
    expect(lines[1]).toEqual(expect.objectContaining({ title: expect.any(String), body: expect.any(String) }));
    expect(lines[2].items).toEqual([expect.objectContaining({ title: 'Served headline', publishedAt: '2024-03-27T07:00:00.000Z' })]);
    expect(lines[3]).toEqual({ input: '/nonexistent/file.xml', error: 'No such file (give a file or an http(s) URL).' });
    expect(code).toBe(1);
  });
});

describe('newsline sources and ingest on the embedded database', () => {
  it('adds, lists, ingests with a summary, and removes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    const env = { DATA_DIR: dataDir, ALLOW_PRIVATE_NETWORKS: 'true' };
    const added = await newsline(['sources', 'add', web.url('/feed.xml')], env);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^Added \S+ RSS "Test feed" http:\/\/127\.0\.0\.1:\d+\/feed\.xml/);
    const id = added.stdout.split(' ')[1];
    const ingested = await newsline(['ingest'], env);
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toMatch(/Refreshed 1 source: 1 ok, 0 failed\.\nNews items: 1 added, 0 updated, 0 unchanged/);
    // The headline the ingest stored is in a story already; a rebuild groups it again.
    const rebuilt = await newsline(['stories', 'rebuild', '--since', '2024-03-01T00:00:00Z'], env);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^Grouped 1 news items into stories in [0-9.]+ s; 1 stories have a headline since 2024-03-01T00:00:00\.000Z\.\n$/);
    const listed = await newsline(['sources', 'list'], env);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\tRSS\\tTest feed\\t.*\\tok `));
    const removed = await newsline(['sources', 'remove', id], env);
    expect(removed.stdout).toBe(`Removed ${id} with 1 news item and 0 articles.\n`);
  }, 180_000); // five processes, each opening the embedded database

  it('says there are no sources yet when there are none to refresh, and refuses --source given twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    const empty = await newsline(['ingest'], { DATA_DIR: dataDir });
    expect({ code: empty.code, stdout: empty.stdout }).toEqual({ code: 0, stdout: 'No sources yet: add one with `newsline sources add <feed url>`, then run `newsline ingest`.\n' });
    const twice = await newsline(['ingest', '--source', '1', '--source', '2'], { DATA_DIR: dataDir });
    expect({ code: twice.code, stdout: twice.stdout, complaint: twice.stderr.split('\n')[0] }).toEqual({
      code: 2, stdout: '', complaint: '--source is given 2 times; give one source (or none, to refresh every due source).',
    });
  }, 60_000);

  it('refuses a wrong command line with exit code 2, naming the flag and what was typed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    const { code, stdout, stderr } = await newsline(['sources', 'add', web.url('/feed.xml'), '--interval', 'abc'], { DATA_DIR: dataDir });
    expect({ code, stdout, complaint: stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', complaint: '--interval expects a whole number of minutes from 1 to 10080; got "abc".' });
  });

  it('refuses to open a data folder another process holds, and says what to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    writeFileSync(join(dataDir, 'newsline.lock'), String(process.pid));
    const { code, stderr } = await newsline(['sources', 'list'], { DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/in use by process \d+.*API.*DATABASE_URL/s);
  });

  it('the TypeORM CLI (npm run typeorm) takes the same lock: refuses a held folder, and opens and lets go of a free one', async () => {
    // ormconfig.ts, through ts-node as `npm run typeorm` runs it; both folders at once (each run compiles it anew).
    const typeorm = (dataDir: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        const root = resolve(__dirname, '../..');
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
        execFile(join(root, 'node_modules/.bin/typeorm-ts-node-commonjs'), ['-d', 'ormconfig.ts', 'migration:show'], { cwd: root, env }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const held = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    writeFileSync(join(held, 'newsline.lock'), String(process.pid));
    const free = mkdtempSync(join(tmpdir(), 'newsline-cli-'));
    const [refused, shown] = await Promise.all([typeorm(held), typeorm(free)]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`The embedded database in ${held} is in use by process ${process.pid}`);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/\[ \] InitialSchema1764270000000/);
    // Its lock was taken (it would have refused above otherwise) and let go of at exit.
    expect(existsSync(join(free, 'newsline.lock'))).toBe(false);
  }, 120_000);
});

describe('newsline extract, refusing what it cannot use', () => {
  it('a --base-url that is not an absolute http(s) URL: exit 2 with what was expected, nothing read', async () => {
    for (const base of ['notaurl', 'javascript:alert(1)', '']) {
      const result = await newsline(['extract', `--base-url=${base}`, corpusPath('feeds', 'input', 'heise.atom')]);
      expect(result.stderr.split('\n')[0]).toBe(`--base-url expects an absolute http(s) URL, such as https://www.example.com/feed.xml; got ${JSON.stringify(base)}.`);
      expect(result).toMatchObject({ code: 2, stdout: '' });
    }
  });

  it('a URL of another scheme: says which URLs are read, not "no such file"', async () => {
    const { code, stdout } = await newsline(['extract', 'ftp://files.example/feed.xml', 'FILE:///etc/passwd']);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { input: 'ftp://files.example/feed.xml', error: 'ftp: URLs are not read; give a file or an http(s) URL.' },
      { input: 'FILE:///etc/passwd', error: 'file: URLs are not read; give a file or an http(s) URL.' },
    ]);
    expect(code).toBe(1);
  });

  it('a file that cannot be read (a loop of symbolic links, a device that fails): one line each, saying what to give', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'newsline-extract-'));
    symlinkSync(join(folder, 'b'), join(folder, 'a'));
    symlinkSync(join(folder, 'a'), join(folder, 'b'));
    const { code, stdout } = await newsline(['extract', join(folder, 'a'), '/proc/self/mem']);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { input: join(folder, 'a'), error: 'Its symbolic links lead round in a loop (give a file or an http(s) URL).' },
      { input: '/proc/self/mem', error: 'The system says EIO on read (give a file or an http(s) URL).' },
    ]);
    expect(code).toBe(1);
  });
});

describe('--help', () => {
  // Each prints its usage on stdout and exits 0, wherever the flag stands, and touches no database.
  it.each([
    [['sources', 'add', '--help'], /^Usage:\n.*newsline sources add <url>/s],
    [['sources', 'list', '-h'], /^Usage:\n.*newsline sources list/s],
    [['sources', 'remove', '--help'], /^Usage:\n.*newsline sources remove <id>/s],
    [['ingest', '--source', '1', '--help'], /^Usage: newsline ingest \[--source ID\]/],
    [['stories', 'rebuild', '--help'], /^Usage: newsline stories rebuild --since WHEN/],
    [['extract', '--help'], /^Usage: newsline extract \[--base-url URL\] <file-or-url>\.\.\.\n.*Exit code: 0/s],
    [['serve', '--help'], /^Usage: newsline serve\n.*`newsline --help` lists it/s],
    [['worker', '-h'], /^Usage: newsline worker\n/],
    [['migrate', '--help'], /^Usage: newsline migrate\n/],
    [['demo', '--articles', '5', '--help'], /^Usage: newsline demo \[--articles N\] \[--news-items N\] \[--seed N\]\n.*default 2000/s],
    [['schema', '--help'], /^Usage: newsline schema \[--check FILE\]\n/],
  ])('newsline %j', async (args, usage) => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'newsline-help-')), 'data');
    const { code, stdout, stderr } = await newsline(args, { DATA_DIR: dataDir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(usage);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a file named --help after `--` is read as a file', async () => {
    const { code, stdout } = await newsline(['extract', '--', '--help']);
    expect(JSON.parse(stdout.trim())).toEqual({ input: '--help', error: expect.stringMatching(/^No such file/) });
    expect(code).toBe(1);
  });
});

describe('newsline --version', () => {
  it('prints the version of package.json and of Node.js, and touches no database', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) {
      expect(await newsline([flag])).toEqual({ code: 0, stdout: `newsline ${version} (Node.js ${process.version})\n`, stderr: '' });
    }
  });

  it('takes no argument: one after it is refused with exit 2, as every command refuses what it does not take', async () => {
    const { code, stdout, stderr } = await newsline(['--version', 'extra']);
    expect({ code, stdout, first: stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', first: 'Unexpected argument "extra".' });
  });
});

describe('newsline schema --check', () => {
  it('passes on the committed schema and fails, with one line, on a file that differs, goes on for ever or cannot be read', async () => {
    expect(await newsline(['schema', '--check', 'schema/schema.graphql'])).toEqual({ code: 0, stdout: '', stderr: '' });
    // /dev/zero never ends: the check reads no more than the schema's length and one byte.
    expect(await newsline(['schema', '--check', '/dev/zero'])).toEqual({ code: 1, stdout: '', stderr: '/dev/zero is stale: run `npm run schema` and commit the result.\n' });
    const folder = mkdtempSync(join(tmpdir(), 'newsline-schema-'));
    const cut = join(folder, 'cut.graphql');
    writeFileSync(cut, 'type Query');
    expect((await newsline(['schema', '--check', cut])).code).toBe(1);
    expect(await newsline(['schema', '--check', join(folder, 'missing.graphql')])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Cannot read ${join(folder, 'missing.graphql')} to compare it with the schema: no such file.\n`,
    });
    expect((await newsline(['schema', '--check', folder])).stderr).toBe(`Cannot read ${folder} to compare it with the schema: it is a folder.\n`);
  }, 60_000);
});
