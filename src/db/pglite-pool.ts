import { EventEmitter } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGliteDriver, getPGliteInstance } from 'typeorm-pglite';
import { sqlStatements } from './statement-counter';

type Callback = (error: Error | null, result?: unknown) => void;
type QueryConfig = { text: string; values?: unknown[]; name?: string };

/**
 * The queue for the session, one per process as the PGlite instance is (typeorm-pglite keeps one): TypeORM makes a
 * pool for each DataSource, and two DataSources of one process (tests start several apps at once) share the
 * instance, so they must share its queue too, or one's statements would run inside the other's transaction.
 */
const session = {
  tail: Promise.resolve() as Promise<void>,
  /** Callers holding the session or waiting for it: with none, the next one needs no timer. */
  holders: 0,
};

/**
 * A pg-compatible pool over the one embedded PGlite connection.
 *
 * PGlite is a single session, so a client handed out by connect() holds it until release:
 * without that, a query from one request would run inside another's open transaction.
 * A caller waits for the session at most `connectionTimeoutMillis` (as with pg-pool), then fails
 * with pg-pool's message, so that a long transaction makes requests fail rather than pile up.
 */
export class SerializedPGlitePool extends EventEmitter {
  private readonly waitMs: number;

  constructor(options: { connectionTimeoutMillis?: number } = {}) {
    super();
    this.waitMs = options.connectionTimeoutMillis ?? 0;
  }

  /** Waits for the session and lends it to the caller until `release` is called. */
  connect(callback?: (error: Error | null, client?: PGliteClient, release?: () => void) => void): Promise<PGliteClient> {
    const acquired = this.acquire().then((release) => new PGliteClient(release));
    if (callback) {
      acquired.then(
        (client) => callback(null, client, () => client.release()),
        (error: Error) => callback(error),
      );
    }
    return acquired;
  }

  /** Runs one statement on the session when no client holds it. */
  query(query: string | QueryConfig, values?: unknown[] | Callback, callback?: Callback): Promise<unknown> {
    const run = this.connect().then(async (client) => {
      try {
        return await client.query(query, typeof values === 'function' ? undefined : values);
      } finally {
        client.release();
      }
    });
    const done = typeof values === 'function' ? values : callback;
    if (done) run.then((result) => done(null, result), (error: Error) => done(error));
    return run;
  }

  /** Closes the embedded database once the session is free. */
  end(callback?: (error: Error | null) => void): Promise<void> {
    const closed = this.acquire(false).then(async (release) => {
      try {
        // Every pool of the process closes the one instance: the first to come closes it, the others find it closed.
        const db = await getPGliteInstance();
        if (!db.closed) await db.close();
      } finally {
        release();
      }
    });
    if (callback) closed.then(() => callback(null), (error: Error) => callback(error));
    return closed;
  }

  private acquire(limited = true): Promise<() => void> {
    const free = session.holders === 0;
    session.holders++;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = () => (session.holders--, resolve())));
    const turn = session.tail.then(() => release);
    session.tail = session.tail.then(() => held);
    if (free || !limited || this.waitMs <= 0) return turn;
    return new Promise((resolve, reject) => {
      let waiting = true;
      const timer = setTimeout(() => {
        waiting = false;
        reject(new Error('timeout exceeded when trying to connect'));
      }, this.waitMs);
      turn.then((releaseTurn) => {
        clearTimeout(timer);
        // A caller that gave up passes its turn straight on.
        if (waiting) resolve(releaseTurn);
        else releaseTurn();
      });
    });
  }
}

/** The session as lent to one caller; the shape of a pg client that TypeORM uses. */
export class PGliteClient extends EventEmitter {
  private released = false;
  constructor(private readonly releaseSession: () => void) {
    super();
  }

  /** Runs a statement; a parameterless text may hold several statements, as with pg's simple protocol. */
  async query(query: string | QueryConfig, values?: unknown[] | Callback, callback?: Callback): Promise<unknown> {
    const text = typeof query === 'string' ? query : query.text;
    const params = Array.isArray(values) ? values : typeof query === 'string' ? undefined : query.values;
    const db = await getPGliteInstance();
    sqlStatements.total++;
    const run = (async () => {
      try {
        if (params && params.length > 0) return toPgResult(await db.query(text, params));
        const results = await db.exec(text);
        return toPgResult(results[results.length - 1] ?? { rows: [], fields: [] });
      } finally {
        // PGlite runs a statement on this thread and settles it with a microtask, so a caller's next statement would
        // follow before the event loop took a turn: a refresh's 240 statements held the thread serving requests for
        // all 3 seconds of its transaction. After each statement the loop answers what arrived meanwhile.
        await setImmediate();
      }
    })();
    const done = typeof values === 'function' ? values : callback;
    if (done) run.then((result) => done(null, result), (error: Error) => done(error));
    return run;
  }

  /** Gives the session back to the pool; later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.releaseSession();
  }
}

function toPgResult(result: { rows: unknown[]; fields: unknown[]; affectedRows?: number }) {
  return { rows: result.rows, fields: result.fields, rowCount: result.affectedRows ?? result.rows.length };
}

/**
 * The contrib extensions the migrations create, as a PostgreSQL server has them installed: PGlite
 * holds them as separate bundles that must be named when the database is opened.
 */
const EXTENSIONS = { unaccent, pg_trgm };

/** The `driver` option TypeORM's postgres driver takes: PGlite under dataDir, or in memory for 'memory://'. */
export function pgliteDriver(dataDir: string): { Pool: typeof SerializedPGlitePool } {
  new PGliteDriver(dataDir === 'memory://' ? { extensions: EXTENSIONS } : { dataDir, extensions: EXTENSIONS });
  return { Pool: SerializedPGlitePool };
}
