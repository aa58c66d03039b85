#!/usr/bin/env -S node --max-semi-space-size=64
import 'reflect-metadata';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_SIZE } from '../app';
import { Config, loadConfig, OPTIONS } from '../config/config';
import { closeDatabase, createDataSource, openDatabase } from '../db/data-source';
import { loadDemoData } from '../demo/demo-data';
import { groupRecentStories } from '../db/repositories/story-grouping';
import { failureHint } from '../failure-hint';
import { schemaSdl } from '../graphql/schema';
import { createLogger, describeError } from '../logger';
import { shown } from '../domain/input-check';
import { errorMessage } from '../domain/errors';
import { extract } from './commands/extract';
import { ingest } from './commands/ingest';
import { serve } from './commands/serve';
import { sources } from './commands/sources';
import { stories } from './commands/stories';
import { worker } from './commands/worker';
import { unreadableFile } from '../domain/unreadable-file';
import { readArgs, UsageError, withUsage } from './usage';
import { terminalText } from './terminal-text';

/** The most articles, and the most news items, one `demo` appends (10 million: a benchmark's load is 1 million). */
const DEMO_MAX_ROWS = 10_000_000;
/** The largest `--seed`: the generator's seed is a 32-bit whole number. */
const DEMO_MAX_SEED = 2 ** 31 - 1;

const COMMANDS = `Usage: newsline <command> [options]

Commands:
  serve                       migrate, then serve the GraphQL API and refresh sources (what \`npm start\` runs)
  worker                      only refresh due sources (run any number against one PostgreSQL)
  sources add <url> [--name N] [--kind K] [--full-text] [--interval MIN]
  sources list | sources remove <id>
                              manage the sources Newsline reads
  ingest [--source ID]        refresh every due source now (or one source), with a summary
  stories rebuild --since WHEN
                              group the news items of a window into stories again (WHEN: 72h, 7d or an ISO date-time)
  extract [--base-url URL] <file-or-url>...
                              read feeds or article pages without storing: one JSON line each
  migrate                     apply pending database migrations and exit
  demo [--articles N] [--news-items N] [--seed N]
                              append generated demo data (default ${DEMO_SIZE.articles} articles and ${DEMO_SIZE.newsItems} news items;
                              --articles alone makes as many news items)
  schema [--check FILE]       print the GraphQL SDL, or exit 1 when FILE differs from it
  --version                   print the version of Newsline and of Node.js
`;

/** What `newsline --help` prints: the commands and the configuration. */
const USAGE = `${COMMANDS}
Configuration is read from the environment:
${OPTIONS.map((o) => `  ${o.variable.padEnd(24)} ${o.description}`).join('\n')}
`;

const FROM_THE_ENVIRONMENT = 'Set up through the environment alone (DATABASE_URL, DATA_DIR, PORT, …): `newsline --help` lists it.';

/** Each command's own usage, which `newsline <command> --help` prints, and a wrong command line after its complaint. */
const COMMAND_USAGE = {
  serve: `Usage: newsline serve
  Migrates the database, then serves the GraphQL API at http://HOST:PORT/graphql and refreshes due sources
  in the background (what \`npm start\` runs). Stops on SIGINT or SIGTERM after the requests under way.
  ${FROM_THE_ENVIRONMENT}`,
  worker: `Usage: newsline worker
  Refreshes due sources until stopped, without serving the API; run any number of them against one PostgreSQL.
  ${FROM_THE_ENVIRONMENT}`,
  migrate: `Usage: newsline migrate
  Applies the database migrations it lacks, then exits. Exit code: 0 done, 1 failed, 2 a wrong command line or configuration.
  ${FROM_THE_ENVIRONMENT}`,
  demo: `Usage: newsline demo [--articles N] [--news-items N] [--seed N]
  Appends generated demo data: N articles (default ${DEMO_SIZE.articles}), N news items (default ${DEMO_SIZE.newsItems}, or as many
  as --articles), each at most ${DEMO_MAX_ROWS}, from a seed of 0 to ${DEMO_MAX_SEED} (the same seed makes the same data).
  Exit code: 0 done, 1 failed, 2 a wrong command line or configuration.`,
  schema: `Usage: newsline schema [--check FILE]
  Prints the GraphQL SDL; with --check, exits 1 when FILE differs from it (0 when it is the same).`,
} as const;

/** A whole number from 0 to `max`, else a usage error that names the range. */
function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) > max) throw new UsageError(`--${name} expects a whole number from 0 to ${max}; got ${shown(raw)}.`);
  return Number(raw);
}

async function schema(args: string[]): Promise<number> {
  const { values } = readArgs({ args, options: { check: { type: 'string' } } });
  const sdl = await schemaSdl();
  if (!values.check) {
    process.stdout.write(sdl);
    return 0;
  }
  let same: boolean;
  try {
    same = fileHolds(values.check, sdl);
  } catch (error) {
    process.stderr.write(`Cannot read ${values.check} to compare it with the schema: ${unreadableFile(error) ?? errorMessage(error)}.\n`);
    return 1;
  }
  if (same) return 0;
  process.stderr.write(`${values.check} is stale: run \`npm run schema\` and commit the result.\n`);
  return 1;
}

/**
 * Whether the file holds exactly `text` (UTF-8). It reads no more than the text's length and one byte: a file
 * that goes on (a pipe, /dev/zero, a huge file) differs, and is not read into memory to say so.
 */
function fileHolds(path: string, text: string): boolean {
  const expected = Buffer.from(text, 'utf8');
  const read = Buffer.alloc(expected.length + 1);
  const fd = openSync(path, 'r');
  try {
    let filled = 0;
    while (filled < read.length) {
      const got = readSync(fd, read, filled, read.length - filled, null);
      if (got === 0) break;
      filled += got;
    }
    return filled === expected.length && read.subarray(0, filled).equals(expected);
  } finally {
    closeSync(fd);
  }
}

/** `newsline migrate`: applies the migrations the database lacks. */
async function migrate(config: Config): Promise<number> {
  const dataSource = createDataSource(config);
  const applied = await openDatabase(dataSource);
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  await closeDatabase(dataSource);
  return 0;
}

/** The version in Newsline's package.json, found above this file (dist/src/cli when built, src/cli in tests). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'newsline' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: look further up.
    }
  }
  return 'unknown';
}

/** Refuses any option or argument: `serve`, `worker` and `migrate` are set up through the environment alone. */
function noArguments(args: string[]): void {
  readArgs({ args, options: {} });
}

/** The configuration once read, so that a failure can be told in its terms. */
let config: Config | undefined;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    // A command line without a command is a mistake: its usage goes where complaints go, not into a pipe.
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    return withUsage(USAGE.trimEnd(), rest, async () => {
      noArguments(rest);
      process.stdout.write(`newsline ${packageVersion()} (Node.js ${process.version})\n`);
      return 0;
    });
  }
  if (command === 'schema') return withUsage(COMMAND_USAGE.schema, rest, () => schema(rest));
  config = loadConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'serve':
      return withUsage(COMMAND_USAGE.serve, rest, async () => {
        noArguments(rest);
        return serve(config as Config, logger);
      });
    case 'worker':
      return withUsage(COMMAND_USAGE.worker, rest, async () => {
        noArguments(rest);
        return worker(config as Config, logger);
      });
    case 'sources':
      return sources(rest, config, logger);
    case 'ingest':
      return ingest(rest, config, logger);
    case 'stories':
      return stories(rest, config);
    case 'extract':
      return extract(rest, config);
    case 'migrate':
      return withUsage(COMMAND_USAGE.migrate, rest, async () => {
        noArguments(rest);
        return migrate(config as Config);
      });
    case 'demo':
      return withUsage(COMMAND_USAGE.demo, rest, () => demo(rest, config as Config));
    default:
      process.stderr.write(`Unknown command ${shown(command)}.\n\n${COMMANDS}`);
      return 2;
  }
}

/** The largest demo load whose recent news items `demo` groups into stories. */
const DEMO_STORIES_MAX_ROWS = 100_000;

/** `newsline demo [--articles N] [--news-items N] [--seed N]`: appends generated demo data. */
async function demo(rest: string[], config: Config): Promise<number> {
  const { values } = readArgs({
    args: rest,
    options: { articles: { type: 'string' }, 'news-items': { type: 'string' }, seed: { type: 'string' } },
  });
  const articles = wholeNumber('articles', values.articles, DEMO_SIZE.articles, DEMO_MAX_ROWS);
  const newsItems = wholeNumber('news-items', values['news-items'], values.articles ? articles : DEMO_SIZE.newsItems, DEMO_MAX_ROWS);
  const seed = values.seed === undefined ? undefined : wholeNumber('seed', values.seed, 1, DEMO_MAX_SEED);
  const dataSource = createDataSource(config);
  await openDatabase(dataSource);
  const started = Date.now();
  try {
    const report = await loadDemoData(dataSource, { articles, newsItems, seed }, (done: number, total: number) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} rows`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    // Demo rows are written without ingest, which groups; the stories of the last days are grouped here, unless
    // the load is a benchmark's (a million rows: about a minute more; `stories rebuild` does it when wanted).
    const grouped = articles + newsItems <= DEMO_STORIES_MAX_ROWS ? await groupRecentStories(dataSource) : { newsItemsGrouped: 0, stories: 0 };
    process.stdout.write(`${JSON.stringify({ ...report, ...grouped, seconds: (Date.now() - started) / 1000 })}\n`);
  } finally {
    await closeDatabase(dataSource);
  }
  return 0;
}

/**
 * Ends the process once standard output and error are written out: into a pipe they are written
 * asynchronously, and exiting at once would cut them off (at 64 KB, a pipe's buffer).
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error) => {
  const { line, exitCode } = failureHint(error, config);
  process.stderr.write(`${terminalText(line)}\n`);
  if (config?.logLevel === 'debug') process.stderr.write(`${describeError(error).stack ?? ''}\n`);
  exitWhenFlushed(exitCode);
});
