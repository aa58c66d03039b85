import type { Config } from '../../config/config';
import type { Logger } from '../../logger';
import { openRuntime } from '../../runtime';
import { untilSignal } from '../signals';

/** `newsline worker`: only refresh due sources, until SIGTERM (finishing the refreshes under way). */
export async function worker(config: Config, logger: Logger): Promise<number> {
  const runtime = await openRuntime(config, logger, { waitForDatabase: true });
  runtime.ingest.scheduler.start();
  logger.info('worker refreshing due sources', { concurrency: config.refreshConcurrency });
  const signal = await untilSignal();
  logger.info('worker stopping after the refreshes under way', { signal });
  await runtime.close();
  return 0;
}
