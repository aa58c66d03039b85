import { hostname } from 'node:os';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { poolsOf } from './data-source';

/**
 * Server-side TCP keepalives of the claiming connection: a host that vanishes without closing it
 * (power cut, network partition) loses its session, and so its claims, within about a minute.
 */
const KEEPALIVE_OPTIONS = '-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3';

/** How the claiming session names itself to other processes (pg_stat_activity.application_name, at most 63 bytes). */
export const CLAIM_SESSION_NAME = `newsline pid ${process.pid} on ${hostname()}`.slice(0, 63);

/**
 * The database session that holds this process's session-level advisory locks, which PostgreSQL
 * releases when the session ends: a lock held here never outlives the process that took it.
 *
 * On a PostgreSQL server it is one connection of its own, outside the pool (a pooled connection
 * would be lent to other callers, and could be closed by the pool while it holds locks). On PGlite
 * it is the one embedded session, which only this process opens (see data-dir-lock.ts).
 */
export class ClaimSession {
  private client: Promise<pg.Client> | null = null;
  /** The statement last handed to the connection: the next one waits for it to settle. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly onLost: (error: Error) => void,
  ) {}

  /**
   * Runs one statement on the session, connecting it first if need be. Concurrent refreshes share the
   * session: their statements run one after the other, each sent once the one before has settled (a pg
   * client given a query while it runs another queues it, which pg deprecates).
   */
  query<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const { primary } = poolsOf(this.dataSource);
    if (!(primary instanceof pg.Pool)) return this.dataSource.query(text, values);
    const run = async () => {
      const client = await this.session(primary);
      return (await client.query(text, values)).rows as Row[];
    };
    const result = this.last.then(run);
    this.last = result.catch(() => undefined);
    return result;
  }

  /** Gives up a session that failed a statement: ending it ends its locks, rather than leave one held for ever. */
  async drop(error: Error): Promise<void> {
    this.onLost(error);
    await this.close();
  }

  /** Ends the session, and with it every lock it holds. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.then((c) => c.end(), () => undefined);
  }

  private session(pool: pg.Pool): Promise<pg.Client> {
    if (!this.client) {
      const connecting: Promise<pg.Client> = this.connect(pool, () => this.client === connecting);
      this.client = connecting;
    }
    return this.client;
  }

  private async connect(pool: pg.Pool, isCurrent: () => boolean): Promise<pg.Client> {
    // The pool's own options and client class (its timeouts); pg-pool keeps the password out of the
    // enumerable options, so it is copied by name.
    const { options } = pool;
    const Client = (options.Client ?? pg.Client) as typeof pg.Client;
    const client = new Client({
      ...options,
      password: options.password,
      application_name: CLAIM_SESSION_NAME,
      keepAlive: true,
      options: `${options.options ?? ''} ${KEEPALIVE_OPTIONS}`.trim(),
    });
    let connected = false;
    const lost = (error: Error) => {
      if (!connected || !isCurrent()) return;
      this.client = null;
      this.onLost(error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('the claiming connection was closed by the server')));
    try {
      await client.connect();
      connected = true;
    } catch (error) {
      if (isCurrent()) this.client = null;
      throw error;
    }
    return client;
  }
}
