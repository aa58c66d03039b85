import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/db/data-source';
import { lockDataDir } from './src/db/data-dir-lock';

/**
 * What the TypeORM CLI cannot say well: it reports any failure here as "Unable to open file", with a stack. A
 * configuration problem or a folder in use is said in one line, as `newsline` says it, and the process exits 1.
 */
function refuse(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  // The embedded database lets one process at a time open its folder: the CLI takes the folder's lock as the service
  // does, and refuses (naming the process that holds it) while a `newsline serve` or `worker` has it open.
  if (!config.databaseUrl && config.dataDir !== 'memory://') process.once('exit', lockDataDir(config.dataDir));
} catch (error) {
  refuse(error);
}

/** The DataSource the TypeORM CLI uses (`npm run typeorm -- migration:show`), configured like the service. */
export default createDataSource(config);
