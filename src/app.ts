import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { loadDemoData } from './demo/demo-data';
import type { Ingest } from './ingest';
import { describeError, Logger } from './logger';
import { openRuntime, Runtime } from './runtime';
import { createApollo } from './server/apollo';
import { createHttpServer } from './server/http-server';
import { Metrics } from './server/metrics';
import type { Services } from './services';

/** The size of the demo data set loaded into an empty database. */
export const DEMO_SIZE = { articles: 2000, newsItems: 5000 };

/** A running Newsline server. */
export interface App {
  url: string;
  dataSource: DataSource;
  services: Services;
  ingest: Ingest;
  server: http.Server;
  /** Drains requests in flight (up to the shutdown timeout), stops refreshing, then closes the database. */
  stop(): Promise<void>;
}

/** Whether this start should fill an empty database with demo data. */
async function wantsDemoData(config: Config, services: Services): Promise<boolean> {
  if (config.demoData === 'never' || (config.demoData === 'auto' && config.databaseUrl)) return false;
  return (await services.sources.count()) === 0;
}

async function listen(server: http.Server, config: Config): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** Opens the database (migrating it, and loading demo data when empty), then serves the API. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const runtime: Runtime = await openRuntime(config, logger);
  const { dataSource, services, ingest } = runtime;
  let accepting = true;
  let server: http.Server;
  let apollo: Awaited<ReturnType<typeof createApollo>>;
  let port: number;
  try {
    if (runtime.applied.length) logger.info('migrations applied', { migrations: runtime.applied });
    if (await wantsDemoData(config, services)) {
      const report = await loadDemoData(dataSource, DEMO_SIZE);
      logger.info('demo data loaded into the empty database', { ...report });
    }
    apollo = await createApollo(config, logger);
    await apollo.start();
    server = createHttpServer({ apollo, services, metrics: new Metrics(), logger, isAccepting: () => accepting, adminToken: config.adminToken });
    port = await listen(server, config);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}/graphql`;
  if (config.refreshInBackground) ingest.scheduler.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout reached; closing connections still open', { timeoutMs: config.shutdownTimeoutMs });
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      await apollo.stop();
      await runtime.close();
    })().catch((error) => logger.error('shutdown failed', describeError(error))));

  return { url, dataSource, services, ingest, server, stop };
}
