import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type * as HarvestModule from '../../src/ingest/harvest';
import type * as PoolModule from '../../src/ingest/derive-pool';
import type * as ParseErrorModule from '../../src/ingest/parsers/feed-parse-error';
import type * as DomModule from '../../src/ingest/extract/dom';
import { MAX_ATTRIBUTES } from '../../src/ingest/extract/dom';
import { extractArticle } from '../../src/ingest/extract';
import { harvestFeed } from '../../src/ingest/harvest';
import { readDocument } from '../../src/ingest/parsers';
import type { ParsedEntry, ParsedFeed } from '../../src/ingest/types';
import { corpusPath } from '../helpers/corpora';
import { ensureBuilt } from '../helpers/cli-process';

const FEED_URL = 'https://corpus.example/all.xml';
const NOW = new Date('2026-01-01T00:00:00Z');
const SOURCE = { name: 'Corpus', language: null, fullText: false };

/** Every entry of every real-world feed of the corpus, as one feed: markup, links and oddities from the wild. */
function corpusFeed(): ParsedFeed {
  const folder = corpusPath('feeds', 'input');
  const entries: ParsedEntry[] = [];
  for (const name of readdirSync(folder).sort()) {
    const document = readDocument(readFileSync(join(folder, name)), null, `https://corpus.example/${name}`);
    if (document.kind === 'feed') entries.push(...document.feed.entries);
  }
  return { format: 'RSS', title: 'Corpus', homepageUrl: null, language: null, entries };
}

// The pool runs the compiled worker (dist/), the way a refresh runs it; from sources (as here) deriving stays on
// the calling thread. So the build's harvest is loaded, and compared with the sources' one-thread harvest.
ensureBuilt();
const ROOT = resolve(__dirname, '../..');
/* eslint-disable @typescript-eslint/no-require-imports */
const built = require(join(ROOT, 'dist/src/ingest/harvest.js')) as typeof HarvestModule;
const builtPool = require(join(ROOT, 'dist/src/ingest/derive-pool.js')) as typeof PoolModule;
const { FeedParseError: BuiltFeedParseError } = require(join(ROOT, 'dist/src/ingest/parsers/feed-parse-error.js')) as typeof ParseErrorModule;
const { PageRefusedError: BuiltPageRefusedError } = require(join(ROOT, 'dist/src/ingest/extract/dom.js')) as typeof DomModule;

afterAll(() => builtPool.closeDerivePool());

describe('deriving a large feed on the derive pool', () => {
  it('harvests exactly what one thread harvests, in the same order', async () => {
    const feed = corpusFeed();
    // Large enough to be shared out among threads (and more than one task of entries).
    expect(feed.entries.length).toBeGreaterThan(600);
    const expected = harvestFeed(feed, FEED_URL, SOURCE, NOW);
    // Entries with content are derived (full articles are those of 120 words or more).
    expect(feed.entries.filter((entry) => entry.contentHtml).length).toBeGreaterThan(200);
    expect(expected.articles.length).toBeGreaterThan(40);
    const before = builtPool.derivePoolTasksDone();
    const got = await built.harvestFeedInParallel(feed, FEED_URL, SOURCE, NOW);
    // The threads did the work: without them this would pass while proving nothing.
    expect(builtPool.derivePoolTasksDone()).toBeGreaterThan(before + 1);
    expect(got).toEqual(expected);
  });

  it('keeps a small feed on the calling thread', async () => {
    const feed = corpusFeed();
    const small = { ...feed, entries: feed.entries.slice(0, 50) };
    const before = builtPool.derivePoolTasksDone();
    const got = await built.harvestFeedInParallel(small, FEED_URL, SOURCE, NOW);
    expect(builtPool.derivePoolTasksDone()).toBe(before);
    expect(got).toEqual(harvestFeed(small, FEED_URL, SOURCE, NOW));
  });
});

describe('reading article pages on the derive pool', () => {
  /** Real pages of the extraction corpus, with the URLs they were read from. */
  function corpusPages(count: number): { html: string; url: string }[] {
    const truth = JSON.parse(readFileSync(corpusPath('article-extraction', 'ground-truth.json'), 'utf8')) as Record<string, { url: string }>;
    const folder = corpusPath('article-extraction', 'html');
    return readdirSync(folder)
      .sort()
      .slice(0, count)
      .map((name) => ({ html: gunzipSync(readFileSync(join(folder, name))).toString('utf8'), url: truth[name.replace(/\.html\.gz$/, '')].url }));
  }

  it('reads a page on a thread exactly as the calling thread reads it', async () => {
    const pages = corpusPages(4);
    const before = builtPool.derivePoolTasksDone();
    const got = await Promise.all(pages.map(({ html, url }) => builtPool.extractPageArticle(html, url)));
    // The threads did the work: the thread serving requests only waited for it.
    expect(builtPool.derivePoolTasksDone()).toBe(before + pages.length);
    expect(got).toEqual(pages.map(({ html, url }) => extractArticle(html, url)));
    expect(got.every((article) => (article.bodyText ?? '').length > 200)).toBe(true);
  });

  it('fails a refused page with a PageRefusedError of the same message from a thread, as addSource tells it', async () => {
    const html = `<html><body><p ${Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => `a${i}`).join(' ')}>x</p></body></html>`;
    const message = `expected an HTML page whose elements have at most ${MAX_ATTRIBUTES} attributes each; one has more`;
    const before = builtPool.derivePoolTasksDone();
    const error = await builtPool.extractPageArticle(html, 'https://news.example/a').catch((thrown: unknown) => thrown);
    expect(builtPool.derivePoolTasksDone()).toBe(before + 1);
    // The class, not only the message: the probe answers BAD_USER_INPUT for it (a plain Error was INTERNAL_SERVER_ERROR).
    expect(error).toBeInstanceOf(BuiltPageRefusedError);
    expect((error as Error).message).toBe(message);
    const fetched = await builtPool.extractFetchedPage(Buffer.from(html), 'text/html', 'https://news.example/a').catch((thrown: unknown) => thrown);
    expect(fetched).toBeInstanceOf(BuiltPageRefusedError);
    expect((fetched as Error).message).toBe(message);
  });
});

describe('reading fetched documents on the derive pool', () => {
  const feedBytes = (name: string) => readFileSync(join(corpusPath('feeds', 'input'), name));

  it.each(['giantbomb-podcast.rss', 'many-links.rss'])('parses a large feed (%s) on a thread exactly as the calling thread does', async (name) => {
    const body = feedBytes(name);
    expect(body.length).toBeGreaterThan(64 * 1024);
    const url = `https://corpus.example/${name}`;
    const before = builtPool.derivePoolTasksDone();
    const got = await builtPool.readFetchedDocument(body, 'application/rss+xml', url);
    // The thread did the work: the thread serving requests only waited for it.
    expect(builtPool.derivePoolTasksDone()).toBe(before + 1);
    expect(got).toEqual(readDocument(body, 'application/rss+xml', url));
    expect(got.kind === 'feed' && got.feed.entries.length).toBeGreaterThan(10);
  });

  it('reads a small document on the calling thread', async () => {
    const body = Buffer.from('<rss version="2.0"><channel><title>Small</title><item><title>One</title><link>https://a.example/1</link></item></channel></rss>');
    const before = builtPool.derivePoolTasksDone();
    const got = await builtPool.readFetchedDocument(body, null, 'https://a.example/feed');
    expect(builtPool.derivePoolTasksDone()).toBe(before);
    expect(got).toEqual(readDocument(body, null, 'https://a.example/feed'));
  });

  it('fails a large feed that cannot be read with a FeedParseError of the same message, as a refresh tells it', async () => {
    const body = Buffer.concat([feedBytes('many-links.rss').subarray(0, 100_000), Buffer.from('<item><title>cut <<<')]);
    const url = 'https://corpus.example/cut.rss';
    let inline: unknown;
    try {
      readDocument(body, 'application/rss+xml', url);
    } catch (error) {
      inline = error;
    }
    expect((inline as Error).name).toBe('FeedParseError');
    const thrown = await builtPool.readFetchedDocument(body, 'application/rss+xml', url).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(BuiltFeedParseError);
    expect((thrown as Error).message).toBe((inline as Error).message);
  });

  it('reads and extracts an article page in one task, and refuses bytes that are no page', async () => {
    const truth = JSON.parse(readFileSync(corpusPath('article-extraction', 'ground-truth.json'), 'utf8')) as Record<string, { url: string }>;
    const [name] = readdirSync(corpusPath('article-extraction', 'html')).sort();
    const body = gunzipSync(readFileSync(join(corpusPath('article-extraction', 'html'), name)));
    const { url } = truth[name.replace(/\.html\.gz$/, '')];
    const before = builtPool.derivePoolTasksDone();
    const got = await builtPool.extractFetchedPage(body, 'text/html; charset=utf-8', url);
    expect(builtPool.derivePoolTasksDone()).toBe(before + 1);
    const read = readDocument(body, 'text/html; charset=utf-8', url);
    expect(got).toEqual(extractArticle(read.kind === 'page' ? read.html : '', url));
    await expect(builtPool.extractFetchedPage(feedBytes('many-links.rss'), 'application/atom+xml', 'https://corpus.example/many-links.rss')).rejects.toThrow(
      'expected an HTML page; got an Atom feed',
    );
  });
});
