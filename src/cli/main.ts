#!/usr/bin/env -S node --max-semi-space-size=64
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApp, DEMO_SIZE } from '../app';
import { ConfigError, loadConfig, OPTIONS } from '../config/config';
import { createDataSource, openDatabase } from '../db/data-source';
import { loadDemoData } from '../demo/demo-data';
import { schemaSdl } from '../graphql/schema';
import { createLogger, describeError } from '../logger';

const USAGE = `Usage: newsline <command> [options]

Commands:
  serve                       migrate, then serve the GraphQL API (what \`npm start\` runs)
  migrate                     apply pending database migrations and exit
  demo [--articles N] [--news-items N] [--seed N]
                              append generated demo data (default ${DEMO_SIZE.articles} articles, ${DEMO_SIZE.newsItems} news items)
  schema [--check FILE]       print the GraphQL SDL, or exit 1 when FILE differs from it

Configuration is read from the environment:
${OPTIONS.map((o) => `  ${o.variable.padEnd(22)} ${o.description}`).join('\n')}
`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw)) throw new ConfigError([`--${name} expects a whole number; got "${raw}"`]);
  return Number(raw);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'schema') {
    const { values } = parseArgs({ args: rest, options: { check: { type: 'string' } } });
    const sdl = await schemaSdl();
    if (!values.check) {
      process.stdout.write(sdl);
      return 0;
    }
    if (readFileSync(values.check, 'utf8') === sdl) return 0;
    process.stderr.write(`${values.check} is stale: run \`npm run schema\` and commit the result.\n`);
    return 1;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'serve': {
      const app = await startApp(config, logger);
      logger.info(`Newsline is serving ${app.url}`, { database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})` });
      const shutdown = (signal: string) => {
        logger.info('shutting down', { signal });
        app.stop().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
      return new Promise<number>(() => undefined);
    }
    case 'migrate': {
      const dataSource = createDataSource(config);
      const applied = await openDatabase(dataSource);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      await dataSource.destroy();
      return 0;
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: { articles: { type: 'string' }, 'news-items': { type: 'string' }, seed: { type: 'string' } },
      });
      const articles = positiveInt('articles', values.articles, DEMO_SIZE.articles);
      const newsItems = positiveInt('news-items', values['news-items'], values.articles ? articles : DEMO_SIZE.newsItems);
      const seed = values.seed === undefined ? undefined : positiveInt('seed', values.seed, 1);
      const dataSource = createDataSource(config);
      await openDatabase(dataSource);
      const started = Date.now();
      const report = await loadDemoData(dataSource, { articles, newsItems, seed }, (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total} rows`);
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify({ ...report, seconds: (Date.now() - started) / 1000 })}\n`);
      await dataSource.destroy();
      return 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof ConfigError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`newsline failed: ${describeError(error).stack ?? error}\n`);
    }
    process.exit(1);
  },
);
