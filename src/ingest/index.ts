import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { IngestRepository } from '../db/repositories/ingest.repository';
import { describeError, Logger } from '../logger';
import { Fetcher } from './fetcher';
import { IngestPipeline } from './pipeline';
import { FeedProbe } from './probe';
import { Scheduler } from './scheduler';

/** The ingestion stack of one process. */
export interface Ingest {
  fetcher: Fetcher;
  pipeline: IngestPipeline;
  probe: FeedProbe;
  scheduler: Scheduler;
  /** Stops the scheduler (waiting for refreshes under way), closes the fetcher's connections and ends the claiming session. */
  close(): Promise<void>;
}

/** The fetcher the configuration describes. */
export function fetcherFromConfig(config: Config): Fetcher {
  return new Fetcher({
    userAgent: config.userAgent,
    connectTimeoutMs: config.fetchConnectTimeoutMs,
    totalTimeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: 5,
    allowPrivateNetworks: config.allowPrivateNetworks,
  });
}

/** Wires fetcher, pipeline, probe and scheduler over a DataSource. */
export function createIngest(dataSource: DataSource, config: Config, logger: Logger): Ingest {
  const fetcher = fetcherFromConfig(config);
  const repository = new IngestRepository(dataSource, (error) =>
    logger.warn('the database session holding refresh claims was lost; the sources it was refreshing may be claimed elsewhere meanwhile', describeError(error)),
  );
  const pipeline = new IngestPipeline(fetcher, repository, { maxPagesPerRefresh: config.maxPagesPerRefresh }, logger);
  const scheduler = new Scheduler(pipeline, repository, { concurrency: config.refreshConcurrency, pollIntervalMs: config.refreshPollSeconds * 1000 }, logger);
  return {
    fetcher,
    pipeline,
    probe: new FeedProbe(fetcher),
    scheduler,
    close: async () => {
      await scheduler.stop();
      await fetcher.close();
      await repository.close();
    },
  };
}
