import pg from 'pg';
import type { DataSource } from 'typeorm';
import { getPGliteInstance } from 'typeorm-pglite';
import { poolsOf, targetOf } from './data-source';

/** The channel the ChangeLog migration's triggers notify on, once per transaction that recorded changes. */
export const CHANGES_CHANNEL = 'newsline_changes';

/** The first wait before reconnecting a lost listening connection; it doubles up to RECONNECT_MAX_MS. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * Called after each commit, in any process, that recorded changes, with the transaction's id; and with null when
 * notifications may have been missed (the listening connection was lost and is back), so that the listener
 * reads what it may have missed.
 */
export type ChangeListener = (xid: string | null) => void;

/** Commit notifications of the change log, from any process writing to the database. */
export interface ChangeNotifications {
  /** Starts listening; resolves once notifications flow. */
  start(listener: ChangeListener): Promise<void>;
  /** Whether notifications flow right now (false while a lost connection is being re-made). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/** Notifications on the database the DataSource opened: LISTEN on its own connection on PostgreSQL, on the one session on PGlite. */
export function changeNotifications(dataSource: DataSource, onError: (error: Error) => void): ChangeNotifications {
  return targetOf(dataSource).databaseUrl ? new ServerNotifications(dataSource, onError) : new EmbeddedNotifications(dataSource);
}

/**
 * PostgreSQL: one connection of its own, outside the pool (a pooled connection is lent to other callers), held
 * for LISTEN. When it is lost it is made again with backoff, and the listener is told that it may have missed
 * some (NOTIFY is not kept for sessions that were not listening).
 */
class ServerNotifications implements ChangeNotifications {
  private client: pg.Client | null = null;
  private listener: ChangeListener = () => undefined;
  private closed = false;
  private retryMs = RECONNECT_FIRST_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onError: (error: Error) => void,
  ) {}

  get listening(): boolean {
    return this.client !== null;
  }

  async start(listener: ChangeListener): Promise<void> {
    this.listener = listener;
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { options } = poolsOf(this.dataSource).primary;
    const Client = (options.Client ?? pg.Client) as typeof pg.Client;
    // The pool's own options (pg-pool keeps the password out of the enumerable ones, so it is copied by name).
    const client = new Client({ ...options, password: options.password, application_name: 'newsline changes listener', keepAlive: true });
    const lost = (error: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.onError(error);
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('the changes listener connection was closed')));
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) this.listener(message.payload ?? null);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_FIRST_MS;
  }

  private reconnectLater(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(
        () => this.listener(null),
        (error: Error) => {
          if (this.closed) return;
          this.onError(error);
          this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
          this.reconnectLater();
        },
      );
    }, this.retryMs);
    this.timer.unref();
  }
}

/**
 * PGlite: only this process opens the database (data-dir-lock.ts), and the embedded session delivers the
 * notifications of its own commits: LISTEN there, and hear them from the PGlite instance.
 */
class EmbeddedNotifications implements ChangeNotifications {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly dataSource: DataSource) {}

  get listening(): boolean {
    return this.unsubscribe !== null;
  }

  async start(listener: ChangeListener): Promise<void> {
    const pglite = await getPGliteInstance();
    this.unsubscribe = pglite.onNotification((channel, payload) => {
      if (channel === CHANGES_CHANNEL) listener(payload || null);
    });
    await this.dataSource.query(`LISTEN ${CHANGES_CHANNEL}`);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.dataSource.isInitialized) await this.dataSource.query(`UNLISTEN ${CHANGES_CHANNEL}`).catch(() => undefined);
  }
}
