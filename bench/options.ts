import { parseArgs } from 'node:util';
import { databaseUrlFlag, UsageError, wholeNumber } from './flags';

/** What one benchmark run does, from its command-line flags. */
export interface BenchOptions {
  databaseUrl: string;
  articles: number;
  concurrency: number[];
  /** Seconds of load per concurrency level. */
  duration: number;
  port: number;
  skipLoad: boolean;
  reset: boolean;
  /** Rows to page through before timing the deep page. */
  depth: number;
  /** Sequential requests timed for the first page and for the deep page each (and for each search). */
  samples: number;
  /** What to measure: the feed (load and deep pagination), search, or both. */
  scenarios: Scenario[];
  /** Which servers the feed's load runs drive, side by side. */
  targets: Target[];
  /** Seconds of each fixed-rate run at half of the cold saturation rate; 0 skips them. */
  rateDuration: number;
  /** The client of the fixed-rate runs: a fixed pool of raw connections (runPacedRaw), or node:http's agent (runPaced). */
  pacedClient: PacedClient;
}

/** The clients a fixed-rate run can be driven by. */
export const PACED_CLIENTS = ['lean', 'node'] as const;
export type PacedClient = (typeof PACED_CLIENTS)[number];

/**
 * The servers the feed is measured on: the plain node:http + pg endpoint (bench/baseline), Newsline with its
 * response cache off, and Newsline with it on.
 */
export const TARGETS = ['baseline', 'cold', 'warm'] as const;
export type Target = (typeof TARGETS)[number];

/** The parts of the benchmark, which `--scenarios` picks from. */
export const SCENARIOS = ['feed', 'search'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const USAGE = `Usage: npm run bench -- [options]

  --database-url URL    PostgreSQL database to benchmark (default postgres://postgres@127.0.0.1:5432/newsline_bench)
  --articles N          articles the database must hold; missing ones are generated (default 1000000)
  --concurrency LIST    comma-separated connection counts, one load run each (default 1,10,50,100)
  --duration S          seconds of load per concurrency level (default 15)
  --port P              first of the three ports of the servers under test, on 127.0.0.1 (default 4100)
  --targets LIST        comma-separated servers to load: baseline, cold, warm (default all three)
  --rate-duration S     seconds of each fixed-rate run at half of the cold saturation rate; 0 skips them (default 10)
  --paced-client C      the fixed-rate runs' client: lean (64 connections opened first, raw HTTP/1.1, as wrk2) or
                        node (node:http's agent, opening up to 256 connections as the server falls behind) (default lean)
  --depth N             rows to page through before timing the deep page; 0 skips deep pagination (default 50000)
  --samples N           sequential requests timed for the first and the deep page, and per search (default 200)
  --scenarios LIST      comma-separated parts to run: feed, search (default feed,search)
  --skip-load           use the data already in the database, however much there is, without ANALYZE
  --reset               drop and recreate the database first
`;

/** Parses the flags (argv without node and the script), applying the defaults. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/newsline_bench' },
      articles: { type: 'string', default: '1000000' },
      concurrency: { type: 'string', default: '1,10,50,100' },
      duration: { type: 'string', default: '15' },
      port: { type: 'string', default: '4100' },
      depth: { type: 'string', default: '50000' },
      samples: { type: 'string', default: '200' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      targets: { type: 'string', default: TARGETS.join(',') },
      'rate-duration': { type: 'string', default: '10' },
      'paced-client': { type: 'string', default: 'lean' },
      'skip-load': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const databaseUrl = databaseUrlFlag(values['database-url'], 'postgres://postgres@127.0.0.1:5432/newsline_bench');
  if (values['skip-load'] && values.reset) {
    throw new UsageError('--skip-load and --reset contradict each other: --reset leaves no data to reuse.');
  }
  return {
    databaseUrl,
    articles: wholeNumber('articles', values.articles, 20, 100_000_000),
    concurrency: values.concurrency.split(',').map((part) => wholeNumber('concurrency', part.trim(), 1, 10_000)),
    duration: wholeNumber('duration', values.duration, 1, 3600),
    port: wholeNumber('port', values.port, 1, 65533),
    depth: values.depth === '0' ? 0 : wholeNumber('depth', values.depth, 20, 10_000_000),
    samples: wholeNumber('samples', values.samples, 1, 100_000),
    skipLoad: values['skip-load'],
    reset: values.reset,
    scenarios: listOf('scenarios', values.scenarios, SCENARIOS),
    targets: listOf('targets', values.targets, TARGETS),
    rateDuration: wholeNumber('rate-duration', values['rate-duration'], 0, 3600),
    pacedClient: oneOf('paced-client', values['paced-client'], PACED_CLIENTS),
  };
}

/** The value of `--flag`: one of `allowed`. */
function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${flag} expects one of ${allowed.join(', ')}; got "${raw}".`);
  return raw as T;
}

/** The value of `--flag`: a comma-separated list of some of `allowed`, in the order of `allowed`. */
function listOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T[] {
  const parts = raw.split(',').map((part) => part.trim());
  const unknown = parts.filter((part) => !(allowed as readonly string[]).includes(part));
  if (unknown.length > 0 || parts.length === 0) {
    throw new UsageError(`--${flag} expects a comma-separated list of ${allowed.join(', ')}; got "${raw}".`);
  }
  return allowed.filter((value) => parts.includes(value));
}
