import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { createDataSource, openDatabase } from './db/data-source';
import { loadDemoData } from './demo/demo-data';
import { describeError, Logger } from './logger';
import { createApollo } from './server/apollo';
import { createHttpServer } from './server/http-server';
import { Metrics } from './server/metrics';
import { createServices, Services } from './services';

/** The size of the demo data set loaded into an empty database. */
export const DEMO_SIZE = { articles: 2000, newsItems: 5000 };

/** A running Newsline server. */
export interface App {
  url: string;
  dataSource: DataSource;
  services: Services;
  server: http.Server;
  /** Drains requests in flight (up to the shutdown timeout), then closes the server and the database. */
  stop(): Promise<void>;
}

/** Whether this start should fill an empty database with demo data. */
async function wantsDemoData(config: Config, dataSource: DataSource): Promise<boolean> {
  if (config.demoData === 'never' || (config.demoData === 'auto' && config.databaseUrl)) return false;
  const [row] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM source) AS used');
  return !row.used;
}

/** Opens the database (migrating it, and loading demo data when empty), then serves the API. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const dataSource = createDataSource(config);
  const applied = await openDatabase(dataSource);
  if (applied.length) logger.info('migrations applied', { migrations: applied });
  if (await wantsDemoData(config, dataSource)) {
    const report = await loadDemoData(dataSource, DEMO_SIZE);
    logger.info('demo data loaded into the empty database', { ...report });
  }
  const services = createServices(dataSource);
  const apollo = await createApollo(config, logger);
  await apollo.start();

  let accepting = true;
  const server = createHttpServer({ apollo, services, metrics: new Metrics(), logger, isAccepting: () => accepting });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}/graphql`;

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
      await dataSource.destroy();
    })().catch((error) => logger.error('shutdown failed', describeError(error))));

  return { url, dataSource, services, server, stop };
}
