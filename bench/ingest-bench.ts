/**
 * The ingestion benchmark: serves generated full-content RSS feeds from a local HTTP server, subscribes a source to
 * each, and refreshes them into PostgreSQL through the same path `refreshSource` takes (fetch, read, harvest, one
 * transaction). Prints items/s end to end and the time of a 5,000-item feed. See bench/README.md.
 *
 *   npm run bench:ingest [-- --database-url URL] [-- --feeds N] [-- --items N] [-- --big-items N] [-- --keep]
 */
import 'reflect-metadata';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config';
import { harvestFeed, harvestFeedInParallel } from '../src/ingest/harvest';
import { forEachLimited } from '../src/ingest/limited';
import { readDocument } from '../src/ingest/parsers';
import { createLogger } from '../src/logger';
import { openRuntime, Runtime } from '../src/runtime';
import { databaseName, dropDatabase, ensureDatabase, postgresVersion, withClient } from './database';
import { databaseUrlFlag, optionsOrExit, UsageError, wholeNumber } from './flags';
import { generatedFeed } from './ingest/generated-feed';
import { startFeedServer } from './ingest/feed-server';
import { count, machineFacts } from './report';
import { postgresCpuSeconds } from './server-cpu';

const USAGE = `Usage: npm run bench:ingest -- [options]

  --database-url URL   PostgreSQL database to create, fill and drop (default postgres://postgres@127.0.0.1:5432/newsline_bench_ingest)
  --feeds N            feeds refreshed together, one source each (default 6)
  --items N            items per feed (default 1000)
  --big-items N        items of the one large feed timed alone (default 5000)
  --concurrency N      sources refreshed at once (default 4, as REFRESH_CONCURRENCY)
  --keep               keep the database afterwards
`;

/** Each item's article body, in words: a few hundred, as news sites write them. */
const BODY_WORDS: readonly [number, number] = [250, 450];
/** Large enough for the large feed (about 3 KB an item); the configured default is 10 MiB. */
const FETCH_MAX_BYTES = 256 * 1024 * 1024;

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Options {
  databaseUrl: string;
  feeds: number;
  items: number;
  bigItems: number;
  concurrency: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/newsline_bench_ingest' },
      feeds: { type: 'string', default: '6' },
      items: { type: 'string', default: '1000' },
      'big-items': { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  return {
    databaseUrl: databaseUrlFlag(values['database-url'], 'postgres://postgres@127.0.0.1:5432/newsline_bench_ingest'),
    feeds: wholeNumber('feeds', values.feeds, 1, 100),
    items: wholeNumber('items', values.items, 1, 50_000),
    bigItems: wholeNumber('big-items', values['big-items'], 1, 50_000),
    concurrency: wholeNumber('concurrency', values.concurrency, 1, 64),
    keep: values.keep,
  };
}

/**
 * The longest the event loop of this thread (the one that serves API requests in `newsline serve`) was held while
 * `work` ran, and the 99th percentile of its delays, in milliseconds: what a request arriving meanwhile waited.
 */
async function loopStalls<T>(work: () => Promise<T>): Promise<{ value: T; longestMs: number; p99Ms: number }> {
  const delays = monitorEventLoopDelay({ resolution: 5 });
  delays.enable();
  try {
    const value = await work();
    return { value, longestMs: delays.max / 1e6, p99Ms: delays.percentile(99) / 1e6 };
  } finally {
    delays.disable();
  }
}

const stallText = (stalls: { longestMs: number; p99Ms: number }) => `event loop held at most ${stalls.longestMs.toFixed(0)} ms (p99 ${stalls.p99Ms.toFixed(0)} ms)`;

/**
 * Wall-clock seconds and this process's CPU seconds spent in `work`, and those of this machine's PostgreSQL (null
 * when it runs elsewhere or there is no /proc to read).
 */
async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number; cpuSeconds: number; postgresCpuSeconds: number | null }> {
  const cpu = process.cpuUsage();
  const postgresBefore = postgresCpuSeconds();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  const postgresAfter = postgresCpuSeconds();
  const postgres = postgresBefore === null || postgresAfter === null || postgresAfter === 0 ? null : postgresAfter - postgresBefore;
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, postgresCpuSeconds: postgres };
}

/** Where the CPU of a refresh went: this process (all its threads) and this machine's PostgreSQL, per 1,000 items. */
function cpuText(run: { cpuSeconds: number; postgresCpuSeconds: number | null }, items: number): string {
  const per = (seconds: number) => `${((seconds * 1000) / items).toFixed(2)} s`;
  const postgres = run.postgresCpuSeconds === null ? 'PostgreSQL not measured (not on this machine)' : `PostgreSQL ${per(run.postgresCpuSeconds)}`;
  return `CPU per 1,000 items: Newsline ${per(run.cpuSeconds)}, ${postgres}`;
}

const rate = (items: number, seconds: number) => `${count(Math.round(items / seconds))} items/s`;

/** Refreshes the sources as `refreshSource` does, `concurrency` at a time; throws unless every refresh stored all it read. */
async function refreshAll(runtime: Runtime, sourceIds: number[], concurrency: number): Promise<{ items: number; articles: number }> {
  const totals = { items: 0, articles: 0 };
  await forEachLimited(sourceIds, concurrency, async (id) => {
    const report = await runtime.services.sourceAdmin.refresh(id);
    if (report.status !== 'UPDATED' || report.errors.length > 0) {
      throw new Error(`source ${id} refreshed ${report.status}: ${report.errors.join('; ') || 'no error given'}`);
    }
    totals.items += report.itemsSeen;
    totals.articles += report.articlesAdded + report.articlesUpdated;
  });
  return totals;
}

async function main(options: Options): Promise<number> {
  const name = databaseName(options.databaseUrl);
  await ensureDatabase(options.databaseUrl, true);
  say(`database ${name}: created`);
  const machine = machineFacts(await postgresVersion(options.databaseUrl));
  say(`generating ${options.feeds} feeds of ${count(options.items)} items and one of ${count(options.bigItems)} (${BODY_WORDS.join('-')} words each)…`);
  const feeds = new Map<string, Buffer>();
  for (let n = 1; n <= options.feeds; n++) {
    feeds.set(`/feeds/${n}.xml`, Buffer.from(generatedFeed({ site: `https://www.feed-${n}.example`, title: `Feed ${n}`, items: options.items, bodyWords: BODY_WORDS, seed: n })));
  }
  const big = Buffer.from(generatedFeed({ site: 'https://www.large-feed.example', title: 'Large feed', items: options.bigItems, bodyWords: BODY_WORDS, seed: 1000 }));
  feeds.set('/feeds/large.xml', big);
  const server = await startFeedServer(feeds);

  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    ALLOW_PRIVATE_NETWORKS: 'true',
    FETCH_MAX_BYTES: String(FETCH_MAX_BYTES),
    DEMO_DATA: 'never',
    LOG_LEVEL: 'warn',
    // Throughput is measured here, not the limits: a busy machine must slow the run down, not fail it.
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    DATABASE_POOL_WAIT_MS: '60000',
  });
  const runtime = await openRuntime(config, createLogger('warn'));
  try {
    const feedUrl = (path: string) => server.url(path);
    const bigSource = await runtime.services.sourceAdmin.add({ url: feedUrl('/feeds/large.xml') });
    const sources: { id: number }[] = [];
    for (let n = 1; n <= options.feeds; n++) sources.push(await runtime.services.sourceAdmin.add({ url: feedUrl(`/feeds/${n}.xml`) }));

    say('');
    say(`1. reading the ${count(options.bigItems)}-item feed (${(big.length / 2 ** 20).toFixed(1)} MiB), in process: decode, parse, harvest (sanitize, text, summary, attribution, words)`);
    const largeUrl = feedUrl('/feeds/large.xml');
    const source = { name: 'Large feed', language: null, fullText: false };
    const read = (harvest: typeof harvestFeedInParallel) =>
      timed(async () => {
        const document = readDocument(big, 'application/rss+xml', largeUrl);
        if (document.kind !== 'feed') throw new Error(`the large feed read as ${document.kind}`);
        return (await harvest(document.feed, largeUrl, source, new Date())).articles.length;
      });
    // As a refresh reads it: articles derived on the derive pool's threads (one per core, at most 4).
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await read(harvestFeedInParallel));
    for (const [index, run] of runs.entries()) {
      say(`   run ${index + 1}: ${run.seconds.toFixed(2)} s (${rate(options.bigItems, run.seconds)}; CPU of all threads ${run.cpuSeconds.toFixed(2)} s), ${count(run.value)} articles`);
    }
    const oneThread = await read(async (...args) => harvestFeed(...args));
    say(`   on one thread: ${oneThread.seconds.toFixed(2)} s (${rate(options.bigItems, oneThread.seconds)})`);
    const bestRead = Math.min(...runs.map((run) => run.seconds));

    say(`2. refreshing the ${count(options.bigItems)}-item feed into PostgreSQL: fetch to commit`);
    const bigRefresh = await timed(() => loopStalls(() => refreshAll(runtime, [bigSource.id], 1)));
    say(`   ${bigRefresh.seconds.toFixed(2)} s (${rate(bigRefresh.value.value.items, bigRefresh.seconds)}), ${count(bigRefresh.value.value.articles)} articles; ${stallText(bigRefresh.value)}`);
    say(`   ${cpuText(bigRefresh, bigRefresh.value.value.items)}`);

    say(`3. refreshing ${options.feeds} feeds of ${count(options.items)} items, ${options.concurrency} at a time: end to end`);
    const all = await timed(() => loopStalls(() => refreshAll(runtime, sources.map((source) => source.id), options.concurrency)));
    say(`   ${all.seconds.toFixed(2)} s: ${count(all.value.value.items)} items (${count(all.value.value.articles)} full-content articles), ${rate(all.value.value.items, all.seconds)}; ${stallText(all.value)}`);
    say(`   ${cpuText(all, all.value.value.items)}`);

    say(`4. refreshing them again, nothing changed (every feed fetched and parsed; entries found as they were keep their stored articles)`);
    const again = await timed(() => loopStalls(() => refreshAll(runtime, sources.map((source) => source.id), options.concurrency)));
    say(`   ${again.seconds.toFixed(2)} s, ${rate(again.value.value.items, again.seconds)}; ${stallText(again.value)}`);

    const stored = await withClient(options.databaseUrl, async (client) => {
      const { rows } = await client.query<{ items: string; articles: string }>('SELECT (SELECT count(*) FROM news_item) AS items, (SELECT count(*) FROM article) AS articles');
      return { items: Number(rows[0].items), articles: Number(rows[0].articles) };
    });
    const expected = options.bigItems + options.feeds * options.items;
    if (stored.items !== expected || stored.articles !== expected) {
      process.stderr.write(`\nCORRECTNESS FAILURE: expected ${expected} news items and as many articles; the database holds ${stored.items} and ${stored.articles}.\n`);
      return 1;
    }
    say(`correctness: the database holds ${count(stored.items)} news items and ${count(stored.articles)} articles, one of each per item: ok`);

    say('');
    say('---- summary ----');
    say(`machine     ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}, PostgreSQL ${machine.postgres}`);
    // The newsline command runs with --max-semi-space-size=64 (its #! line); `npm run bench:ingest` does the same.
    say(`node flags  ${process.execArgv.join(' ') || 'none (the newsline command runs with --max-semi-space-size=64)'}`);
    // Figures from a busy machine are not comparable: the load average says how busy it was.
    say(`load        ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} (1, 5, 15 min) at the end of the run`);
    const bestCpu = Math.min(...runs.map((run) => run.cpuSeconds));
    say(`read        ${count(options.bigItems)}-item feed, parse + harvest: best ${bestRead.toFixed(2)} s (${rate(options.bigItems, bestRead)}; best CPU time ${bestCpu.toFixed(2)} s, ${rate(options.bigItems, bestCpu)} of CPU)`);
    say(`large feed  fetch to commit: ${bigRefresh.seconds.toFixed(2)} s (${rate(options.bigItems, bigRefresh.seconds)}); ${stallText(bigRefresh.value)}`);
    say(`end to end  ${options.feeds} × ${count(options.items)} full-content items: ${rate(all.value.value.items, all.seconds)} (unchanged re-read: ${rate(again.value.value.items, again.seconds)}); ${stallText(all.value)}`);
    say(`            ${cpuText(all, all.value.value.items)}`);
    say('-----------------');
    return 0;
  } finally {
    await runtime.close();
    await server.close();
    if (!options.keep) {
      await dropDatabase(options.databaseUrl);
      say(`database ${name}: dropped`);
    }
  }
}

const options: Options = optionsOrExit(() => parseOptions(process.argv.slice(2)), USAGE);

main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nThe benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
