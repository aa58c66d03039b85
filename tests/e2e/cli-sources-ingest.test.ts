import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { longBody, rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { ensureBuilt, runNewsline } from '../helpers/cli-process';

// Each test starts the command as its own process (the embedded database included): slow on a busy machine.
jest.setTimeout(180_000);
beforeAll(() => ensureBuilt(), 180_000);

let web: FixtureServer;
const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'newsline-cli-ingest-')), ALLOW_PRIVATE_NETWORKS: 'true' };
const newsline = (args: string[]) => runNewsline(args, { LOG_LEVEL: 'warn', ...env });

const page = (n: number) => `<!doctype html><html lang="en"><head><title>Story ${n}</title>
  <meta property="article:published_time" content="2024-03-20T16:00:00Z"></head>
  <body><article><h1>Story ${n}</h1>${longBody(200, `story${n}`)}</article></body></html>`;

beforeAll(async () => {
  web = await startFixtureServer();
  web.route('/desk.json', {
    headers: { 'content-type': 'application/feed+json' },
    body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'The JSON desk', items: [{ id: 'j1', url: 'https://json.example/1', title: 'One', content_text: 'Only a line.' }] }),
  });
  web.route('/full.xml', {
    headers: { 'content-type': 'application/rss+xml' },
    body: rss([
      { guid: 'p1', title: 'Story 1', link: web.url('/story/1'), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' },
      { guid: 'p2', title: 'Story 2', link: web.url('/story/2'), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' },
      { guid: 'p3', title: 'Gone', link: web.url('/not-found'), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' },
    ], { title: 'Full text desk' }),
  });
  for (const n of [1, 2]) web.route(`/story/${n}`, { headers: { 'content-type': 'text/html' }, body: page(n) });
});
afterAll(() => web?.close());

describe('newsline sources add --kind', () => {
  it('refuses a document of another kind, saying what was declared and what was found', async () => {
    const { code, stdout, stderr } = await newsline(['sources', 'add', web.url('/desk.json'), '--kind', 'RSS']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `The source was declared as RSS, but ${web.url('/desk.json')} is a JSON Feed (JSON_FEED).\n` });
  });

  it('reads a document of the declared kind and names the source after its title', async () => {
    const { code, stdout } = await newsline(['sources', 'add', web.url('/desk.json'), '--kind', 'json_feed']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Added \\S+ JSON_FEED "The JSON desk" ${web.url('/desk.json')}\n$`));
  });
});

describe('newsline ingest', () => {
  it('reports headlines-only entries and article pages that could not be read, plainly', async () => {
    expect((await newsline(['sources', 'add', web.url('/full.xml'), '--kind', 'RSS', '--full-text'])).code).toBe(0);
    const { code, stdout } = await newsline(['ingest']);
    expect(code).toBe(0);
    const id = /source (\S+): Could not read/.exec(stdout)?.[1];
    expect(id).toMatch(/^U291cmNl/);
    expect(stdout).toBe(
      [
        'Refreshed 2 sources: 2 ok, 0 failed.',
        'News items: 4 added, 0 updated, 0 unchanged. Articles: 2 added, 0 updated.',
        'Article pages: 2 read, 1 could not be read.',
        `  source ${id}: Could not read the article page ${web.url('/not-found')}: expected a 2xx response from ${web.url('/not-found')}; got 404 Not Found`,
        '1 entry kept as headlines only: under 120 words of content and the source is not fullText (a fullText source reads their article pages: updateSource(input: { fullText: true }), or `sources add --full-text`).',
        '',
      ].join('\n'),
    );
    // The list says so beside the last success, until a refresh reads the page.
    const listed = (await newsline(['sources', 'list'])).stdout.split('\n').find((line) => line.startsWith(`${id}\t`));
    expect(listed).toMatch(/\tok \d{4}-\d\d-\d\dT[\d:.]+Z, 1 article page could not be read$/);
  });

  it('tells a failed refresh once: in its progress line and summary, not again as a JSON log line', async () => {
    web.route('/soon-gone.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([{ guid: 'g1', title: 'Here', link: 'https://gone.example/1', pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' }], { title: 'Soon gone' }) });
    const added = await newsline(['sources', 'add', web.url('/soon-gone.xml'), '--kind', 'RSS']);
    const id = /^Added (\S+) /.exec(added.stdout)?.[1] as string;
    web.route('/soon-gone.xml', { status: 404, body: 'gone' });
    const { code, stdout, stderr } = await newsline(['ingest', '--source', id]);
    const reason = `expected a 2xx response from ${web.url('/soon-gone.xml')}; got 404 Not Found`;
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: ['Refreshed 1 source: 0 ok, 1 failed.', 'News items: 0 added, 0 updated, 0 unchanged. Articles: 0 added, 0 updated.', `  source ${id} failed: ${reason}`, ''].join('\n'),
      stderr: `source ${id}: FAILED +0 ~0 (1/1)\n`,
    });
  });
});
