import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/db/data-source';
import { lockDataDir } from './src/db/data-dir-lock';

const config = loadConfig();

// The embedded database lets one process at a time open its folder: the CLI takes the folder's lock as the service
// does, and refuses (naming the process that holds it) while a `newsline serve` or `worker` has it open.
if (!config.databaseUrl && config.dataDir !== 'memory://') process.once('exit', lockDataDir(config.dataDir));

/** The DataSource the TypeORM CLI uses (`npm run typeorm -- migration:show`), configured like the service. */
export default createDataSource(config);
