import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { closeDatabase, createDataSource, openDatabase } from './db/data-source';
import { databaseFailure } from './domain/database-failure';
import { DatabaseWaitExpired, failureHint } from './failure-hint';
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

/** The first wait between attempts to reach the database at start; it doubles up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * Opens the database (migrating it) and wires ingestion and services over it. With `waitForDatabase`,
 * a database that cannot be reached is tried again with backoff (each attempt logged) until it answers,
 * or until DATABASE_WAIT_SECONDS have passed when that is set; other failures end the start at once.
 */
export async function openRuntime(config: Config, logger: Logger, options: { waitForDatabase?: boolean } = {}): Promise<Runtime> {
  const deadline = config.databaseWaitSeconds > 0 ? Date.now() + config.databaseWaitSeconds * 1000 : Infinity;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOnce(config, logger);
    } catch (error) {
      if (!options.waitForDatabase || databaseFailure(error) !== 'unavailable') throw error;
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabaseWaitExpired(config.databaseWaitSeconds, error);
      const retryInMs = Math.min(RETRY_FIRST_MS * 2 ** (attempt - 1), RETRY_MAX_MS, left);
      logger.warn('the database cannot be reached; trying again', { attempt, reason: failureHint(error, config).line, retryInMs });
      await sleep(retryInMs);
    }
  }
}

async function openOnce(config: Config, logger: Logger): Promise<Runtime> {
  const dataSource = createDataSource(config, logger);
  const applied = await openDatabase(dataSource);
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
