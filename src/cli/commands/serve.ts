import { startApp } from '../../app';
import type { Config } from '../../config/config';
import type { Logger } from '../../logger';
import { untilSignal } from '../signals';

/** `newsline serve`: migrate, then serve the API (and refresh sources in the background) until SIGTERM. */
export async function serve(config: Config, logger: Logger): Promise<number> {
  const app = await startApp(config, logger);
  logger.info(`Newsline is serving ${app.url}`, {
    database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})`,
    refreshing: config.refreshInBackground,
  });
  const signal = await untilSignal();
  logger.info('shutting down', { signal });
  await app.stop();
  return 0;
}
