import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/db/data-source';

/** The DataSource the TypeORM CLI uses (`npm run typeorm -- migration:show`), configured like the service. */
export default createDataSource(loadConfig());
