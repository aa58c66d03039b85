import pg from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Config } from '../config/config';
import { MIGRATIONS } from '../../migrations';
import { lockDataDir } from './data-dir-lock';
import { ENTITIES } from './entities';
import { pgliteDriver } from './pglite-pool';
import { sqlStatements } from './statement-counter';

/** pg's Pool, counting the statements each of its clients sends. */
class CountingPool extends pg.Pool {
  constructor(options?: pg.PoolConfig) {
    super(options);
    this.on('connect', (client) => {
      const query = client.query;
      client.query = function countedQuery(this: pg.PoolClient, ...args: unknown[]) {
        sqlStatements.total++;
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof client.query;
    });
  }
}

/** Where the data lives: a PostgreSQL server when DATABASE_URL is set, else PGlite in DATA_DIR. */
export type DatabaseTarget = Pick<Config, 'databaseUrl' | 'databaseReplicaUrls' | 'databasePoolSize' | 'dataDir'>;

/** Builds (does not connect) the TypeORM DataSource; migrations are run by the caller, never synchronize. */
export function createDataSource(target: DatabaseTarget): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    poolSize: target.databasePoolSize,
    // Repository statements are keyset reads written for one plan; PostgreSQL would otherwise
    // re-plan them on every execution (their parameter-specific plans look cheaper), which cost
    // more than running them. UTC makes timestamps arrive as "…+00" text (see DbTimestamp).
    extra: { options: '-c plan_cache_mode=force_generic_plan -c TimeZone=UTC' },
  };
  let options: DataSourceOptions;
  if (!target.databaseUrl) {
    options = { ...common, driver: pgliteDriver(target.dataDir) };
  } else if (target.databaseReplicaUrls.length > 0) {
    options = {
      ...common,
      driver: { ...pg, Pool: CountingPool },
      replication: { master: { url: target.databaseUrl }, slaves: target.databaseReplicaUrls.map((url) => ({ url })) },
    };
  } else {
    options = { ...common, driver: { ...pg, Pool: CountingPool }, url: target.databaseUrl };
  }
  return new DataSource(options);
}

/** The pools under TypeORM: the primary, and the read replicas (empty without replication). */
export function poolsOf(dataSource: DataSource): { primary: pg.Pool; replicas: pg.Pool[] } {
  const driver = dataSource.driver as PostgresDriver;
  return { primary: driver.master as pg.Pool, replicas: (driver.slaves ?? []) as pg.Pool[] };
}

const locks = new WeakMap<DataSource, () => void>();

/**
 * Connects and brings the schema up to date; returns the names of the migrations it applied.
 * An embedded database folder is locked for this process until closeDatabase.
 */
export async function openDatabase(dataSource: DataSource, target?: DatabaseTarget): Promise<string[]> {
  if (target && !target.databaseUrl && target.dataDir !== 'memory://' && !locks.has(dataSource)) {
    locks.set(dataSource, lockDataDir(target.dataDir));
  }
  try {
    if (!dataSource.isInitialized) await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } catch (error) {
    await closeDatabase(dataSource);
    throw error;
  }
}

/** Closes the database and gives back the embedded folder's lock. */
export async function closeDatabase(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
  locks.get(dataSource)?.();
  locks.delete(dataSource);
}
