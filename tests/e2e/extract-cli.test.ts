import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { longBody, rss } from '../helpers/feeds';
import { ensureBuilt, runNewsline } from '../helpers/cli-process';

// Each test starts the command as its own process (the embedded database included): slow on a busy machine.
jest.setTimeout(180_000);
beforeAll(() => ensureBuilt(), 180_000);

const folder = mkdtempSync(join(tmpdir(), 'newsline-extract-'));

/** A feed file of `count` full-content entries. */
function feedFile(name: string, count: number): string {
  const entries = Array.from({ length: count }, (_, n) => ({
    guid: `entry-${n}`,
    title: `Entry ${n}`,
    link: `https://big.example/${n}`,
    pubDate: 'Wed, 27 Mar 2024 07:00:00 GMT',
    content: longBody(150, `entry${n}`),
  }));
  const path = join(folder, name);
  writeFileSync(path, rss(entries));
  return path;
}

describe('newsline extract piped to a slow reader', () => {
  it('writes all of a multi-megabyte output before it exits', async () => {
    const feed = feedFile('big.xml', 1500);
    const { code, stdout, stderr } = await runNewsline(['extract', feed], {}, { readAfterMs: 1500 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(1024 * 1024);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).items).toHaveLength(1500);
  });
});

/** A gzip file of `inflated` zero bytes, written as it is compressed. */
async function gzipBomb(name: string, inflated: number): Promise<string> {
  const path = join(folder, name);
  const chunk = Buffer.alloc(1024 * 1024);
  async function* zeros() {
    for (let written = 0; written < inflated; written += chunk.length) yield chunk;
  }
  await pipeline(Readable.from(zeros()), createGzip({ level: 9 }), createWriteStream(path));
  return path;
}

describe('newsline extract', () => {
  it('prints what a refresh would store, and refuses files past FETCH_MAX_BYTES, compressed or not, one line each', async () => {
    const feed = join(folder, 'small.xml');
    writeFileSync(
      feed,
      rss([
        { guid: 'g1', title: 'Harbour <b>plan</b> &amp; costs', link: '/harbour?utm_source=rss', pubDate: 'Wed, 20 Mar 2024 16:00:00 +0400', description: '<p onclick="x()">Short <script>alert(1)</script>summary.</p>', content: longBody(150, 'harbour') },
        { guid: 'g2', title: 'Just a headline', link: '/headline', pubDate: 'Wed, 20 Mar 2024 17:00:00 +0400' },
      ]),
    );
    const bomb = await gzipBomb('bomb.xml.gz', 200 * 1024 * 1024);
    const big = feedFile('big-plain.xml', 200);
    const { code, stdout, stderr } = await runNewsline(['extract', '--base-url', 'https://news.example/feed.xml', feed, bomb, big], { FETCH_MAX_BYTES: '200000' });
    const [read, bombLine, bigLine] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(read.items).toEqual([
      { guid: 'g1', title: 'Harbour plan & costs', url: 'https://news.example/harbour', publishedAt: '2024-03-20T12:00:00.000Z', articleUrl: 'https://news.example/harbour' },
      { guid: 'g2', title: 'Just a headline', url: 'https://news.example/headline', publishedAt: '2024-03-20T13:00:00.000Z', articleUrl: 'https://news.example/headline' },
    ]);
    expect(read.articles).toHaveLength(1);
    expect(read.articles[0]).toMatchObject({ url: 'https://news.example/harbour', title: 'Harbour plan & costs', summary: 'Short summary.', wordCount: 153 });
    expect(read.headlinesOnly).toBe(1);
    const bombError = `It inflates to more than 200000 bytes; files are read up to 200000 bytes (FETCH_MAX_BYTES).`;
    const bigError = expect.stringMatching(/^It is \d+ bytes; files are read up to 200000 bytes \(FETCH_MAX_BYTES\)\.$/);
    expect(bombLine).toEqual({ input: bomb, error: bombError });
    expect(bigLine).toEqual({ input: big, error: bigError });
    expect(stderr.split('\n')).toEqual([`newsline extract: ${bomb}: ${bombError}`, expect.stringMatching(`^newsline extract: ${big}: It is \\d+ bytes;`), '']);
    expect(code).toBe(1);
  });

  it('says in one line what is wrong with an input that is not a readable file, and reads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsline-extract-'));
    const missing = join(dir, 'missing.xml');
    const { code, stdout, stderr } = await runNewsline(['extract', missing, dir, '/dev/zero'], { FETCH_MAX_BYTES: '200000' });
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { input: missing, error: 'No such file (give a file or an http(s) URL).' },
      { input: dir, error: 'It is a folder (give a file or an http(s) URL).' },
      { input: '/dev/zero', error: 'It holds more than 200000 bytes; files are read up to 200000 bytes (FETCH_MAX_BYTES).' },
    ]);
    expect(stderr.split('\n')).toEqual([`newsline extract: ${missing}: No such file (give a file or an http(s) URL).`, `newsline extract: ${dir}: It is a folder (give a file or an http(s) URL).`, 'newsline extract: /dev/zero: It holds more than 200000 bytes; files are read up to 200000 bytes (FETCH_MAX_BYTES).', '']);
    expect(code).toBe(1);
  });

  it.each([
    [[], '`extract` needs a file or URL to read.'],
    [['--no-such-option', 'x.xml'], 'Unknown option "--no-such-option".'],
  ])('exits 2 with what is wrong and the usage for %j', async (args, problem) => {
    const { code, stdout, stderr } = await runNewsline(['extract', ...args], {});
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n').slice(0, 3)).toEqual([problem, '', expect.stringMatching(/^Usage: newsline extract /)]);
    expect(stderr).toMatch(/Exit code: 0 every input read, 1 some could not be, 2 a wrong command line\.\n$/);
  });
});
