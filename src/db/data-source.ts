import pg from 'pg';
import { DataSource, DataSourceOptions, EntityManager, MigrationExecutor } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import { MIGRATIONS } from '../../migrations';
import { lockDataDir } from './data-dir-lock';
import { ENTITIES } from './entities';
import { pgliteDriver } from './pglite-pool';
import { PRIMARY_CHECK, Replicas } from './replicas';
import { sqlStatements } from './statement-counter';

/**
 * How long a start waits for its replicas to show they are replicas of the primary with its migrations (one that
 * has not replayed migrations just applied shows it a moment later): reads go to the primary until they have, and one
 * that has not answered by then (silent, or slow to connect) is checked on in the background.
 */
const REPLICA_CHECK_WAIT_MS = 1000;

/** How long a pooled connection idles before TCP keepalives start probing it. */
const KEEPALIVE_IDLE_MS = 30_000;

/** Added to a statement timeout for the client's own wait, so that the server's limit fires first and says why. */
const CLIENT_GRACE_MS = 1000;

/** The client-side wait for an answer to a statement limited to `statementMs` (0: unlimited). */
export const answerTimeout = (statementMs: number): number => (statementMs === 0 ? 0 : statementMs + CLIENT_GRACE_MS);

/** pg's Client, opening its connection within `connectTimeoutMs`; pg-pool's own timeout bounds the whole wait for one. */
class TimedClient extends pg.Client {
  constructor(config: pg.ClientConfig & { connectTimeoutMs?: number } = {}) {
    super({ ...config, connectionTimeoutMillis: config.connectTimeoutMs });
  }
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * Wraps a client's `query` so that the statements it sends are counted, and a statement the server has not answered
 * within `poolAnswerMs` (or its query config's `answerMs`; 0: no limit) fails with pg's own "Query read timeout", as
 * pg's `query_timeout` would: a server that froze, or was cut off without a reset, would otherwise hold the statement
 * and its connection forever. The caller gets the error at the deadline; one that releases the client with it (as
 * `pool.query` does) has the pool drop that connection. A late answer is ignored.
 *
 * Not pg's `query_timeout` itself: under Node 20 and 24 its timer kept every query, with its rows and everything they
 * reached, alive through the next young-generation collection, which then copied and promoted them. With the two
 * other such causes (mappers.ts, gateway-context.ts), a cold feed request promoted about 45 KB to the old generation
 * and each young collection copied 7 to 8 MB (pauses of 15 to 20 ms every 0.3 s at 480 requests a second). The same
 * limit kept by this wrapper's own timer lets the rows die young (bench/README.md).
 */
function guardedQuery(query: pg.Client['query'], poolAnswerMs: number): pg.Client['query'] {
  const send = query as (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
  // Fixed parameters, no rest array and no `apply`: under Node 20 and 24 a wrapper that passed a rest array on with `apply`
  // (what this replaced) kept every query's rows alive through a young collection, as pg's own timer did.
  return function guarded(this: pg.Client, config: unknown, values?: unknown, callback?: unknown): unknown {
    sqlStatements.total++;
    const options = config as { submit?: unknown; answerMs?: number } | null | undefined;
    // A query config may name its own limit (Sql.read: reads wait for the statement timeout, not the write one).
    const answerMs = options?.answerMs ?? poolAnswerMs;
    // Submittables (cursors, streams) answer through events of their own, not a callback.
    if (answerMs <= 0 || typeof options?.submit === 'function') return send.call(this, config, values, callback);
    if (typeof values === 'function') return guardedSend(this, send, config, undefined, values as QueryCallback, answerMs);
    if (typeof callback === 'function') return guardedSend(this, send, config, values, callback as QueryCallback, answerMs);
    // The promise form, sent in the callback form: resolves with the result, rejects with the error.
    return new Promise((resolve, reject) => {
      guardedSend(this, send, config, values, (error, result) => (error ? reject(error) : resolve(result)), answerMs);
    });
  } as pg.Client['query'];
}

function guardedSend(
  client: pg.Client,
  send: (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown,
  config: unknown,
  values: unknown,
  callback: QueryCallback,
  answerMs: number,
): unknown {
  let settled = false;
  const timer = setTimeout(() => {
    settled = true;
    callback(new Error('Query read timeout'));
  }, answerMs);
  return send.call(client, config, values, (error: Error | null, result?: unknown) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    callback(error, result);
  });
}

/** pg's Pool as Newsline uses it: connections opened by TimedClient, the statements they send counted and given `answerMs` to be answered. */
class ServerPool extends pg.Pool {
  constructor(options?: pg.PoolConfig & { answerMs?: number }) {
    super({ ...options, Client: TimedClient });
    const answerMs = options?.answerMs ?? 0;
    this.on('connect', (client) => {
      client.query = guardedQuery(client.query, answerMs);
    });
  }
}

/** Where the data lives (a PostgreSQL server when DATABASE_URL is set, else PGlite in DATA_DIR), and the limits on using it. */
export type DatabaseTarget = Pick<
  Config,
  | 'databaseUrl'
  | 'databaseReplicaUrls'
  | 'databasePoolSize'
  | 'dataDir'
  | 'databaseStatementTimeoutMs'
  | 'databaseLockTimeoutMs'
  | 'databaseWriteTimeoutMs'
  | 'databaseConnectTimeoutMs'
  | 'databasePoolWaitMs'
  | 'databaseReplicaRetryMs'
>;

/** What a DataSource carries beside TypeORM's own state. */
interface Extras {
  target: DatabaseTarget;
  replicas: Replicas;
  /** Gives back the embedded folder's lock. */
  unlock?: () => void;
}

const extras = new WeakMap<DataSource, Extras>();

/** Builds (does not connect) the TypeORM DataSource; migrations are run by the caller, never synchronize. */
export function createDataSource(target: DatabaseTarget, logger?: Logger): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    poolSize: target.databasePoolSize,
  };
  let options: DataSourceOptions;
  let replicas: pg.Pool[] = [];
  if (!target.databaseUrl) {
    // One session, no server: only the wait for it can be limited (PGlite accepts statement_timeout but never fires it).
    options = { ...common, driver: pgliteDriver(target.dataDir), extra: { connectionTimeoutMillis: target.databasePoolWaitMs } };
  } else {
    const extra = serverOptions(target);
    options = { ...common, driver: { ...pg, Pool: ServerPool }, url: target.databaseUrl, extra };
    replicas = target.databaseReplicaUrls.map((url) => new ServerPool({ connectionString: url, max: target.databasePoolSize, ...extra }));
  }
  const dataSource = new DataSource(options);
  const names = target.databaseReplicaUrls.map(replicaName);
  extras.set(dataSource, { target, replicas: new Replicas(replicas, target.databaseReplicaRetryMs, names, logger) });
  return dataSource;
}

/** A replica as the log names it: its place in DATABASE_REPLICA_URLS, host, port and database, never its password. */
function replicaName(url: string, index: number): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `replica ${index + 1} (${hostname}${port ? `:${port}` : ''}${pathname})`;
  } catch {
    return `replica ${index + 1}`;
  }
}

/** pg options of every connection to a server: the session settings, and how long to wait for what. */
function serverOptions(target: DatabaseTarget): pg.PoolConfig & { connectTimeoutMs: number; answerMs: number } {
  const settings = {
    // Repository statements are keyset reads written for one plan; PostgreSQL would otherwise
    // re-plan them on every execution (their parameter-specific plans look cheaper), which cost
    // more than running them.
    plan_cache_mode: 'force_generic_plan',
    // UTC makes timestamps arrive as "…+00" text (see DbTimestamp).
    TimeZone: 'UTC',
    // API reads: a request fails with TIMEOUT rather than holding its connection while a lock or a slow plan lasts.
    statement_timeout: target.databaseStatementTimeoutMs,
    lock_timeout: target.databaseLockTimeoutMs,
    // No JIT compilation: API statements run in milliseconds, and a server built with LLVM compiles any statement
    // whose estimated cost passes jit_above_cost, including the branches it will not run (a RELEVANCE search
    // carries one for each way of finding its candidates), which cost 20 to 30 ms of compiling per statement.
    jit: 'off',
  };
  return {
    options: Object.entries(settings)
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' '),
    connectionTimeoutMillis: target.databasePoolWaitMs,
    // A pool keeps every connection it opens. pg-pool would close one idle for 10 s above `min`, and it hands out the
    // connection freed last first: under a steady load the ones at the bottom of its stack idled out every 10 s and
    // the next small burst opened them again, and a new backend's first statements (its catalog caches) made the
    // requests waiting on them 20 to 100 ms late. The cold feed's p99 at 650 req/s: 16 to 43 ms with the churn,
    // 8 to 13 ms without (bench/README.md, 2026-12-02).
    min: target.databasePoolSize,
    // Kept connections may idle for long: keepalives hold a NAT's or firewall's state for them and find a peer that is gone.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    connectTimeoutMs: target.databaseConnectTimeoutMs,
    // A server that stops answering (frozen, or cut off without a reset) would otherwise hold a query forever (see guardedQuery).
    answerMs: answerTimeout(
      target.databaseStatementTimeoutMs === 0 || target.databaseWriteTimeoutMs === 0 ? 0 : Math.max(target.databaseStatementTimeoutMs, target.databaseWriteTimeoutMs),
    ),
  };
}

/** The pools under TypeORM: the primary (the embedded session on PGlite), and the read replicas. */
export function poolsOf(dataSource: DataSource): { primary: pg.Pool; replicas: Replicas } {
  const driver = dataSource.driver as PostgresDriver;
  return { primary: driver.master as pg.Pool, replicas: extrasOf(dataSource).replicas };
}

/** The limits the DataSource was made with. */
export function targetOf(dataSource: DataSource): DatabaseTarget {
  return extrasOf(dataSource).target;
}

function extrasOf(dataSource: DataSource): Extras {
  const found = extras.get(dataSource);
  if (!found) throw new Error('This DataSource was not made by createDataSource.');
  return found;
}

/**
 * Runs `work` in a transaction with the write statement timeout instead of the API's, and no
 * separate lock timeout: background writes may wait for a concurrent refresh's row locks, and
 * finishing matters more to them than answering fast.
 */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const { databaseWriteTimeoutMs } = targetOf(dataSource);
  return dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = ${databaseWriteTimeoutMs}; SET LOCAL lock_timeout = 0`);
    return work(manager);
  });
}

/**
 * Connects and brings the schema up to date; returns the names of the migrations it applied.
 * An embedded database folder is locked for this process until closeDatabase.
 */
export async function openDatabase(dataSource: DataSource): Promise<string[]> {
  const extra = extrasOf(dataSource);
  const { databaseUrl, dataDir } = extra.target;
  if (!databaseUrl && dataDir !== 'memory://' && !extra.unlock) extra.unlock = lockDataDir(dataDir);
  try {
    if (!dataSource.isInitialized) await dataSource.initialize();
    const applied = await migrate(dataSource);
    if (extra.target.databaseReplicaUrls.length > 0 && databaseUrl) {
      const [expected] = await dataSource.query(PRIMARY_CHECK);
      await extra.replicas.start(expected, REPLICA_CHECK_WAIT_MS);
    }
    return applied;
  } catch (error) {
    await closeDatabase(dataSource);
    throw error;
  }
}

/**
 * Applies pending migrations, each in its own transaction, under the write statement timeout (an
 * index built on a large table outlasts an API read's) but the API's lock timeout: a migration that
 * cannot lock a busy table soon fails and is retried, rather than queueing every read behind it.
 */
async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(`SET statement_timeout = ${targetOf(dataSource).databaseWriteTimeoutMs}`);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await runner.query('RESET statement_timeout');
    return applied.map((migration) => migration.name);
  } finally {
    await runner.release();
  }
}

/** Closes the database and the replicas' connections, and gives back the embedded folder's lock. */
export async function closeDatabase(dataSource: DataSource): Promise<void> {
  const extra = extrasOf(dataSource);
  if (dataSource.isInitialized) await dataSource.destroy();
  await extra.replicas.end();
  extra.unlock?.();
  extra.unlock = undefined;
}
