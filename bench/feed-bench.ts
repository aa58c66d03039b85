/**
 * The feed benchmark: fills a PostgreSQL database with demo articles, starts the server against it,
 * checks the feed query answers correctly, then measures it under load and at depth. See bench/README.md.
 */
import { analyze, countArticles, databaseName, ensureDatabase, feedTruth, postgresVersion } from './database';
import { median, timePage, walkToDepth } from './deep-pages';
import { isDeepStrictEqual } from 'node:util';
import { assertPage, CorrectnessError, feedRequest, fetchFeed, FeedPage, FeedWindow, lastDays, PAGE_SIZE } from './feed';
import { closeConnections, request } from './http';
import { LoadRow, runLoad } from './load';
import { runCli } from './newsline-cli';
import { DEEP_PAGE, runSearchScenario, searchHeader, searchPlans } from './search';
import { optionsOrExit } from './flags';
import { BenchOptions, parseOptions, USAGE } from './options';
import { count, machineFacts, sideBySide, Summary, summaryBlock, tableHeader, tableRow } from './report';
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
  // Data reused as it was keeps its statistics too: ANALYZE of a million rows takes half a minute of a quick run.
  let analyzed = 'no ANALYZE (--skip-load)';
  if (!options.skipLoad) {
    const analyzing = performance.now();
    await analyze(options.databaseUrl);
    analyzed = `ANALYZE ${seconds(analyzing).toFixed(1)} s`;
    say(`  ${analyzed}`);
  }
  const articles = await countArticles(options.databaseUrl);
  if (articles < options.articles && !options.skipLoad) {
    say(`  warning: the database holds ${count(articles)} articles, fewer than the ${count(options.articles)} asked for`);
  }
  return { articles, loading: `${loading}; ${analyzed}` };
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

/** Starts the servers the options name: Newsline cold on --port, warm on the next, the baseline on the one after. */
async function startServers(options: BenchOptions, onServer: (server: BenchServer) => void): Promise<BenchServer[]> {
  const servers: BenchServer[] = [];
  const started = (server: BenchServer) => {
    servers.push(server);
    onServer(server);
    say(`${server.name} server ready at ${server.origin}`);
    return server;
  };
  try {
    // Deep pagination and search need a Newsline server: without cold or warm among the targets, a cold one still starts.
    const newsline = options.targets.filter((t) => t !== 'baseline');
    if (newsline.length === 0 || newsline.includes('cold')) started(await BenchServer.start(options.databaseUrl, options.port, 'cold', { RESPONSE_CACHE: 'off' }));
    if (options.targets.includes('warm')) started(await BenchServer.start(options.databaseUrl, options.port + 1, 'warm', { RESPONSE_CACHE: 'on' }));
    if (options.targets.includes('baseline')) started(await BenchServer.startBaseline(options.databaseUrl, options.port + 2));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return servers;
}

/** The first two pages from the baseline must be the JSON Newsline answers, so that both do the same work. */
async function checkBaseline(baseline: BenchServer, newsline: BenchServer, window: FeedWindow): Promise<void> {
  let after: string | null = null;
  for (const page of [1, 2]) {
    const body = feedRequest(window, after);
    const [ours, theirs] = await Promise.all([request(`${newsline.origin}/graphql`, body), request(`${baseline.origin}/graphql`, body)]);
    const expected = JSON.parse(ours.body) as { data: { articles: FeedPage } };
    if (theirs.status !== 200 || !isDeepStrictEqual(JSON.parse(theirs.body), expected)) {
      throw new CorrectnessError(`The baseline's page ${page} differs from Newsline's:\n  baseline (${theirs.status}): ${theirs.body.slice(0, 400)}\n  Newsline: ${ours.body.slice(0, 400)}`);
    }
    after = expected.data.articles.pageInfo.endCursor;
  }
  say('correctness: the baseline answers pages 1 and 2 with the same JSON as Newsline: ok');
}

async function main(options: BenchOptions, onServer: (server: BenchServer) => void): Promise<number> {
  const startedAt = new Date();
  const { articles, loading } = await prepareData(options);
  const machine = machineFacts(await postgresVersion(options.databaseUrl));

  const servers = await startServers(options, onServer);
  const newsline = servers[0];
  const graphqlUrl = `${newsline.origin}/graphql`;
  const loaded = servers.filter((server) => (options.targets as string[]).includes(server.name));
  try {
    const window = lastDays(30);
    const rows: LoadRow[] = [];
    const rateRows: LoadRow[] = [];
    let deep: Summary['deep'] = null;
    if (options.scenarios.includes('feed')) {
      for (const server of servers) {
        if (server.hasMetrics) {
          await checkFeed(options.databaseUrl, `${server.origin}/graphql`, window);
          // A second time: with the response cache on, this answer comes from it.
          await checkFeed(options.databaseUrl, `${server.origin}/graphql`, window);
        } else {
          await checkBaseline(server, newsline, window);
        }
      }
      const warmup = Math.min(5, options.duration);
      say(`warming up: 10 connections for ${warmup} s on each server…`);
      for (const server of loaded) await runLoad(server, window, 10, warmup);

      say('');
      say(tableHeader());
      for (const concurrency of options.concurrency) {
        // The servers in turn at each level, so that a slower spell of the shared machine falls on all of them.
        for (const server of loaded) {
          const row = await runLoad(server, window, concurrency, options.duration);
          rows.push(row);
          say(tableRow(row));
        }
      }
      const cold = rows.filter((row) => row.target === 'cold').sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0];
      if (cold && options.rateDuration > 0) {
        const rate = Math.max(1, Math.round(cold.requestsPerSecond / 2));
        for (const server of loaded) {
          const row = await runLoad(server, window, cold.concurrency, options.rateDuration, rate, options.pacedClient);
          rateRows.push(row);
          say(tableRow(row));
        }
      }
      say('');
      say(sideBySide(rows, rateRows).join('\n'));
      say('');
      if (options.depth > 0) deep = await deepPagination(options, graphqlUrl, window);
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

    await Promise.all(servers.map((server) => server.stop()));
    const summary: Summary = {
      startedAt,
      machine,
      database: databaseName(options.databaseUrl),
      articles,
      loading,
      window,
      durationSeconds: options.duration,
      rows,
      rateRows,
      deep,
      search,
    };
    say('');
    say('---- summary ----');
    say(summaryBlock(summary));
    say('-----------------');

    for (const server of servers) if (server.log.trim()) say(`\nThe ${server.name} server wrote to stderr during the run:\n${server.log.trim()}`);
    const failed = [...rows, ...rateRows].filter((r) => r.non2xx + r.errors + r.graphqlErrors > 0);
    if (failed.length > 0) {
      process.stderr.write(`\nFAILED: requests failed under load (${failed.map((r) => `${r.target} at concurrency ${r.concurrency}${r.rate === null ? '' : `, ${r.rate} req/s`}`).join('; ')}); the figures above are not a clean result.\n`);
      return 1;
    }
    return 0;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
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

const running: BenchServer[] = [];
process.once('SIGINT', () => {
  process.stderr.write('\ninterrupted; stopping the servers…\n');
  void Promise.all(running.map((server) => server.stop())).then(() => process.exit(130));
});

const options: BenchOptions = optionsOrExit(() => parseOptions(process.argv.slice(2)), USAGE);

main(options, (server) => running.push(server))
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
