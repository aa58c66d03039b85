import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { closeDatabase, createDataSource, openDatabase } from './db/data-source';
import { createIngest, Ingest } from './ingest';
import type { Logger } from './logger';
import { createServices, Services } from './services';

/** The database, services and ingestion stack of one process, opened together. */
export interface Runtime {
  dataSource: DataSource;
  services: Services;
  ingest: Ingest;
  /** Migrations this start applied. */
  applied: string[];
  /** Stops ingestion, then closes the database (and gives back the embedded folder's lock). */
  close(): Promise<void>;
}

/** Opens the database (migrating it) and wires ingestion and services over it. */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const dataSource = createDataSource(config);
  const applied = await openDatabase(dataSource, config);
  const ingest = createIngest(dataSource, config, logger);
  const services = createServices(dataSource, {
    probe: ingest.probe,
    refresher: ingest.pipeline,
    defaultFetchIntervalSeconds: config.defaultFetchIntervalMinutes * 60,
  });
  return {
    dataSource,
    services,
    ingest,
    applied,
    close: async () => {
      await ingest.close();
      await closeDatabase(dataSource);
    },
  };
}
