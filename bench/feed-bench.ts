/**
 * The feed benchmark: fills a PostgreSQL database with demo articles, starts the server against it,
 * checks the feed query answers correctly, then measures it under load and at depth. See bench/README.md.
 */
import { analyze, countArticles, databaseName, ensureDatabase, feedTruth, postgresVersion } from './database';
import { median, timePage, walkToDepth } from './deep-pages';
import { assertPage, CorrectnessError, fetchFeed, FeedWindow, lastDays, PAGE_SIZE } from './feed';
import { closeConnections } from './http';
import { LoadRow, runLoad } from './load';
import { runCli } from './newsline-cli';
import { DEEP_PAGE, runSearchScenario, searchHeader, searchPlans } from './search';
import { optionsOrExit } from './flags';
import { BenchOptions, parseOptions, USAGE } from './options';
import { count, machineFacts, Summary, summaryBlock, tableHeader, tableRow } from './report';
import { BenchServer, ServerError } from './server';

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => (performance.now() - since) / 1000;

/** Makes sure the database exists, is migrated and holds enough articles; describes what loading did. */
async function prepareData(options: BenchOptions): Promise<{ articles: number; loading: string }> {
  const name = databaseName(options.databaseUrl);
  const state = await ensureDatabase(options.databaseUrl, options.reset);
  say(`database ${name}: ${state === 'exists' ? 'exists' : state}`);
  await runCli(['migrate'], options.databaseUrl);
  const existing = await countArticles(options.databaseUrl);
  const missing = options.skipLoad ? 0 : Math.max(0, options.articles - existing);
  let loading: string;
  if (missing > 0) {
    say(`loading ${count(missing)} articles (the database holds ${count(existing)}) with \`newsline demo\`…`);
    const started = performance.now();
    const report = await runCli(['demo', '--articles', String(missing)], options.databaseUrl);
    const took = seconds(started);
    say(`  demo generator: ${report.trim()}`);
    loading = `loaded ${count(missing)} articles in ${took.toFixed(1)} s (${count(Math.round(missing / took))} articles/s)`;
  } else {
    loading = options.skipLoad ? 'reused as it was (--skip-load)' : `already held ${count(existing)}, nothing loaded`;
  }
  say(`  ${loading}`);
  const analyzing = performance.now();
  await analyze(options.databaseUrl);
  const analyzeSeconds = seconds(analyzing);
  say(`  ANALYZE took ${analyzeSeconds.toFixed(1)} s`);
  const articles = await countArticles(options.databaseUrl);
  if (articles < options.articles && !options.skipLoad) {
    say(`  warning: the database holds ${count(articles)} articles, fewer than the ${count(options.articles)} asked for`);
  }
  return { articles, loading: `${loading}; ANALYZE ${analyzeSeconds.toFixed(1)} s` };
}

/** Checks the first two pages of the feed against the tables before anything is timed; throws CorrectnessError if wrong. */
async function checkFeed(databaseUrl: string, graphqlUrl: string, window: FeedWindow): Promise<void> {
  const first = (await fetchFeed(graphqlUrl, window)).page;
  assertPage('The first page of the feed', first, window, PAGE_SIZE, undefined, await feedTruth(databaseUrl, window, 0, PAGE_SIZE));
  if (!first.pageInfo.hasNextPage || !first.pageInfo.endCursor) {
    throw new CorrectnessError('The first page of the feed says there is no next page; load more articles.');
  }
  const second = (await fetchFeed(graphqlUrl, window, first.pageInfo.endCursor)).page;
  const truth = await feedTruth(databaseUrl, window, PAGE_SIZE, PAGE_SIZE);
  assertPage('The second page of the feed', second, window, PAGE_SIZE, first.edges[PAGE_SIZE - 1].node, truth);
  say('correctness: pages 1 and 2 hold 20 articles each, newest first, inside the window, with the source and category the tables have: ok');
}

async function main(options: BenchOptions, onServer: (server: BenchServer) => void): Promise<number> {
  const startedAt = new Date();
  const { articles, loading } = await prepareData(options);
  const machine = machineFacts(await postgresVersion(options.databaseUrl));

  const server = await BenchServer.start(options.databaseUrl, options.port);
  onServer(server);
  const graphqlUrl = `${server.origin}/graphql`;
  say(`server ready at ${graphqlUrl}`);
  try {
    const window = lastDays(30);
    const rows: LoadRow[] = [];
    let deep: Summary['deep'] = null;
    if (options.scenarios.includes('feed')) {
      await checkFeed(options.databaseUrl, graphqlUrl, window);
      const warmup = Math.min(5, options.duration);
      say(`warming up: 10 connections for ${warmup} s…`);
      await runLoad(server, window, 10, warmup);

      say('');
      say(tableHeader());
      for (const concurrency of options.concurrency) {
        const row = await runLoad(server, window, concurrency, options.duration);
        rows.push(row);
        say(tableRow(row));
      }
      say('');
      deep = await deepPagination(options, graphqlUrl, window);
    }
    let search: Summary['search'] = null;
    if (options.scenarios.includes('search')) {
      say(`search: ${options.samples} sequential requests per row, first page and page ${DEEP_PAGE} (reached with \`after\`, every page checked)…`);
      say(searchHeader());
      const searchRows = await runSearchScenario(graphqlUrl, options.databaseUrl, options.samples, say);
      say('');
      say('search plans (EXPLAIN ANALYZE of the first pages, as the server sends them):');
      const plans = await searchPlans(options.databaseUrl);
      say(plans.join('\n\n'));
      search = { samples: options.samples, rows: searchRows };
    }

    await server.stop();
    const summary: Summary = {
      startedAt,
      machine,
      database: databaseName(options.databaseUrl),
      articles,
      loading,
      window,
      durationSeconds: options.duration,
      rows,
      deep,
      search,
    };
    say('');
    say('---- summary ----');
    say(summaryBlock(summary));
    say('-----------------');

    if (server.log.trim()) say(`\nThe server wrote to stderr during the run:\n${server.log.trim()}`);
    const failed = rows.filter((r) => r.non2xx + r.errors + r.graphqlErrors > 0);
    if (failed.length > 0) {
      process.stderr.write(`\nFAILED: requests failed under load at concurrency ${failed.map((r) => r.concurrency).join(', ')}; the figures above are not a clean result.\n`);
      return 1;
    }
    return 0;
  } finally {
    await server.stop();
  }
}

/** Walks the feed to --depth, checks the page there, and times the first and the deep page. */
async function deepPagination(options: BenchOptions, graphqlUrl: string, window: FeedWindow): Promise<NonNullable<Summary['deep']>> {
  say(`deep pagination: paging to row ${count(options.depth)} with \`after\` cursors…`);
  const deep = await walkToDepth(graphqlUrl, window, options.depth);
  say(`  reached row ${count(deep.depth)} in ${count(deep.pages)} pages (${deep.seconds.toFixed(1)} s), every page checked`);
  const deepPage = (await fetchFeed(graphqlUrl, window, deep.cursor)).page;
  const deepTruth = await feedTruth(options.databaseUrl, window, deep.depth, PAGE_SIZE);
  assertPage(`The page after row ${deep.depth}`, deepPage, window, PAGE_SIZE, deep.lastSeen, deepTruth);
  const firstMs = median(await timePage(graphqlUrl, window, null, options.samples));
  const deepMs = median(await timePage(graphqlUrl, window, deep.cursor, options.samples));
  say(`  first page median ${firstMs.toFixed(2)} ms, page after row ${count(deep.depth)} median ${deepMs.toFixed(2)} ms`);
  return { depth: deep.depth, samples: options.samples, firstMs, deepMs, walkPages: deep.pages, walkSeconds: deep.seconds };
}

let running: BenchServer | null = null;
process.once('SIGINT', () => {
  process.stderr.write('\ninterrupted; stopping the server…\n');
  void (running?.stop() ?? Promise.resolve()).then(() => process.exit(130));
});

const options: BenchOptions = optionsOrExit(() => parseOptions(process.argv.slice(2)), USAGE);

main(options, (server) => (running = server))
  .then(
    (code) => code,
    (error: unknown) => {
      if (error instanceof CorrectnessError) process.stderr.write(`\nCORRECTNESS FAILURE: ${error.message}\n`);
      else if (error instanceof ServerError) process.stderr.write(`\nSERVER FAILURE: ${error.message}\n`);
      else process.stderr.write(`\nThe benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    },
  )
  .then((code) => {
    closeConnections();
    process.exit(code);
  });
