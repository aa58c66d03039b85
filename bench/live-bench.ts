/**
 * The live updates benchmark (issue 8, point 5), against `newsline serve` on PostgreSQL in a database of its own:
 *
 * 1. idle: opens N WebSocket connections, one `articleAdded` subscription each (a phone each), and reports the
 *    server's heap and RSS growth divided by N;
 * 2. latency: M subscribers on F filters (`sourceIds` of one of F sources each); each commit stores one article per
 *    source, so every subscriber gets exactly one event per commit; reports the time from the commit (the writer's
 *    COMMIT returning) to the last of the M subscribers holding its event, p50 and p99 over the commits.
 *
 *   npm run bench:live [-- --idle 10000] [-- --subscribers 1000] [-- --filters 10] [-- --commits 100]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client as LiveClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { toGlobalId } from '../src/domain/global-id';
import { databaseUrlFlag, optionsOrExit, wholeNumber } from './flags';
import { dropDatabase, ensureDatabase } from './database';
import { cliEnv } from './newsline-cli';

const USAGE = `Usage: npm run bench:live -- [options]

  --database-url URL   the database the bench creates (and drops at the end) for itself
                       (default postgres://postgres@127.0.0.1:5432/newsline_bench_live)
  --idle N             idle subscribers, one connection each (default 10000; 0 skips the step)
  --subscribers M      subscribers of the latency step (default 1000)
  --filters F          distinct filters (sources) they are spread over (default 10)
  --commits C          commits timed (default 100), one every --interval ms (default 200)
  --interval MS
  --keep               keep the database
`;

interface Options {
  databaseUrl: string;
  idle: number;
  subscribers: number;
  filters: number;
  commits: number;
  interval: number;
  keep: boolean;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/newsline_bench_live' },
      idle: { type: 'string', default: '10000' },
      subscribers: { type: 'string', default: '1000' },
      filters: { type: 'string', default: '10' },
      commits: { type: 'string', default: '100' },
      interval: { type: 'string', default: '200' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw Object.assign(new Error(''), { code: 'ERR_PARSE_ARGS_HELP' });
  return {
    databaseUrl: databaseUrlFlag(values['database-url'], 'postgres://postgres@127.0.0.1:5432/newsline_bench_live'),
    idle: wholeNumber('idle', values.idle, 0, 100_000),
    subscribers: wholeNumber('subscribers', values.subscribers, 1, 100_000),
    filters: wholeNumber('filters', values.filters, 1, 100),
    commits: wholeNumber('commits', values.commits, 1, 100_000),
    interval: wholeNumber('interval', values.interval, 1, 60_000),
    keep: values.keep,
  };
}

/** A subscriber: its connection, and what it was told per commit. */
interface Subscriber {
  client: LiveClient;
  received: Map<string, number>;
}

const QUERY = `subscription ($filter: ArticleFilter) { articleAdded(filter: $filter) { cursor node { id title publishedAt source { name } } } }`;

/** Opens `count` connections of one subscription each, `parallel` at a time; `filterOf(i)` is subscriber i's filter. */
async function subscribers(url: string, count: number, filterOf: (i: number) => unknown, onEvent: (subscriber: Subscriber, title: string) => void): Promise<Subscriber[]> {
  const made: Subscriber[] = [];
  const parallel = 200;
  for (let start = 0; start < count; start += parallel) {
    const wave = Array.from({ length: Math.min(parallel, count - start) }, async (_, j) => {
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
      const subscriber: Subscriber = { client, received: new Map() };
      client.subscribe(
        { query: QUERY, variables: { filter: filterOf(start + j) } },
        {
          next: (result) => {
            const title = (result.data as { articleAdded?: { node: { title: string } } } | undefined)?.articleAdded?.node.title;
            if (title) onEvent(subscriber, title);
            else process.stderr.write(`unexpected result: ${JSON.stringify(result).slice(0, 300)}\n`);
          },
          error: (error) => process.stderr.write(`subscription failed: ${JSON.stringify(error).slice(0, 300)}\n`),
          complete: () => undefined,
        },
      );
      await new Promise<void>((resolve, reject) => {
        const off = client.on('connected', () => (off(), resolve()));
        client.on('closed', (event) => reject(new Error(`connection closed: ${(event as CloseEvent).code} ${(event as CloseEvent).reason}`)));
      });
      made.push(subscriber);
    });
    await Promise.all(wave);
  }
  return made;
}

/** `newsline serve` (startApp) in a child process that collects its garbage before it reports its memory. */
class LiveServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string): Promise<LiveServer> {
    const child = fork(path.resolve(__dirname, 'live/server-child.js'), [], {
      execArgv: ['--expose-gc', '--max-semi-space-size=64', ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)],
      env: cliEnv(databaseUrl, { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', REFRESH_IN_BACKGROUND: 'false', RATE_LIMIT_POINTS: '1000000000', LIVE_MAX_CONNECTIONS_PER_CLIENT: '0' }),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [ready] = (await once(child, 'message')) as [{ url: string }];
    return new LiveServer(child, ready.url);
  }

  private async ask<T>(message: string): Promise<T> {
    this.child.send(message);
    const [answer] = (await once(this.child, 'message')) as [T];
    return answer;
  }

  /** Heap used and RSS after a full collection. */
  memory(): Promise<{ heapUsed: number; rss: number }> {
    return this.ask('memory');
  }

  /** The server's Prometheus samples by name. */
  async metrics(): Promise<Map<string, number>> {
    const text = await (await fetch(this.url.replace(/\/graphql$/, '/metrics'))).text();
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) ([^ ]+)/.exec(line);
      if (match) samples.set(match[1], Number(match[2]));
    }
    return samples;
  }

  /** Waits until it runs exactly `count` subscriptions. */
  async running(count: number): Promise<void> {
    while (((await this.metrics()).get('newsline_live_subscriptions') ?? 0) !== count) await sleep(100);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.send('stop');
    await exited;
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** This process's limit of open files (a child shell inherits it), or null when it cannot be read. */
function openFileLimit(): number | null {
  try {
    const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return limit === 'unlimited' ? Infinity : Number(limit);
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const options = optionsOrExit(() => parse(process.argv.slice(2)), USAGE);
  // Each connection is a file descriptor in this process and one in the server's (which inherits the limit).
  const needed = Math.max(options.idle, options.subscribers) + 200;
  const limit = openFileLimit();
  if (limit !== null && limit < needed) {
    process.stderr.write(`This run opens ${needed - 200} connections, but the open file limit is ${limit}: raise it first (ulimit -n ${needed}).\n`);
    process.exit(2);
  }
  await ensureDatabase(options.databaseUrl, true);
  const server = await LiveServer.start(options.databaseUrl);
  const url = server.url.replace(/^http/, 'ws');
  const writer = new Client({ connectionString: options.databaseUrl });
  await writer.connect();
  try {
    const sources: number[] = [];
    for (let i = 0; i < options.filters; i++) {
      const { rows } = await writer.query(`INSERT INTO source (name, feed_url, kind) VALUES ($1, $2, 'RSS') RETURNING id`, [`Bench source ${i}`, `https://bench-${i}.example/feed.xml`]);
      sources.push(rows[0].id as number);
    }
    console.log(`newsline serve on PostgreSQL (${options.databaseUrl}), one process; the clients and the writer in this process.\n`);

    if (options.idle > 0) {
      const before = await server.memory();
      const started = Date.now();
      const idle = await subscribers(url, options.idle, () => null, () => undefined);
      await server.running(options.idle);
      const opened = (Date.now() - started) / 1000;
      const after = await server.memory();
      console.log(`Idle: ${options.idle} subscribers (one connection and one articleAdded subscription each), opened in ${opened.toFixed(1)} s`);
      console.log(`  heap used  ${mib(before.heapUsed)} -> ${mib(after.heapUsed)}: ${kib((after.heapUsed - before.heapUsed) / options.idle)} per subscriber (after a full collection)`);
      console.log(`  RSS        ${mib(before.rss)} -> ${mib(after.rss)}: ${kib((after.rss - before.rss) / options.idle)} per subscriber\n`);
      await Promise.all(idle.map((subscriber) => subscriber.client.dispose()));
      await server.running(0);
    }

    // Latency: every subscriber gets one event per commit (one article per source per commit).
    const arrivals = new Map<string, number[]>();
    const onEvent = (_subscriber: Subscriber, title: string) => {
      const commit = title.slice(0, title.lastIndexOf(' '));
      let times = arrivals.get(commit);
      if (!times) arrivals.set(commit, (times = []));
      times.push(performance.now());
    };
    const live = await subscribers(url, options.subscribers, (i) => ({ sourceIds: [toGlobalId('Source', sources[i % sources.length])] }), onEvent);
    await server.running(options.subscribers);
    const committedAt = new Map<string, number>();
    const statementsBefore = (await server.metrics()).get('newsline_sql_statements_total') ?? 0;
    for (let c = 0; c < options.commits; c++) {
      const tag = `commit-${c}`;
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO article (source_id, url, title, published_at, tags, word_count)
         SELECT s, 'https://bench.example/' || $1 || '/' || s, $1 || ' ' || s, now(), '{}', 100 FROM unnest($2::int[]) AS s`,
        [tag, sources],
      );
      await writer.query('COMMIT');
      committedAt.set(tag, performance.now());
      await sleep(options.interval);
    }
    // Let the last events arrive.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && [...committedAt.keys()].some((tag) => (arrivals.get(tag)?.length ?? 0) < options.subscribers)) await sleep(50);
    const statements = ((await server.metrics()).get('newsline_sql_statements_total') ?? 0) - statementsBefore;
    const toLast: number[] = [];
    const toFirst: number[] = [];
    let missing = 0;
    for (const [tag, at] of committedAt) {
      const times = arrivals.get(tag) ?? [];
      missing += options.subscribers - times.length;
      if (times.length === 0) continue;
      toLast.push(Math.max(...times) - at);
      toFirst.push(Math.min(...times) - at);
    }
    toLast.sort((a, b) => a - b);
    toFirst.sort((a, b) => a - b);
    console.log(`Latency: ${options.subscribers} subscribers on ${options.filters} filters (sourceIds), ${options.commits} commits of ${options.filters} articles, one every ${options.interval} ms`);
    console.log(`  commit -> last subscriber   p50 ${percentile(toLast, 50).toFixed(1)} ms   p99 ${percentile(toLast, 99).toFixed(1)} ms   max ${toLast[toLast.length - 1].toFixed(1)} ms`);
    console.log(`  commit -> first subscriber  p50 ${percentile(toFirst, 50).toFixed(1)} ms   p99 ${percentile(toFirst, 99).toFixed(1)} ms`);
    console.log(`  events missing: ${missing} of ${options.commits * options.subscribers}; SQL statements of the server: ${(statements / options.commits).toFixed(1)} per commit`);
    await Promise.all(live.map((subscriber) => subscriber.client.dispose()));
  } finally {
    await writer.end();
    await server.stop();
    if (!options.keep) await dropDatabase(options.databaseUrl);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
