import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { databaseFailure } from '../domain/database-failure';
import type { Logger } from '../logger';

/** What a replica must show to be read from: it is the primary's database, and it has the primary's migrations. */
export interface ReplicaExpectation {
  /** `newsline_database_identity()` on the primary: its random id, the server's system identifier, the database's OID. */
  identity: string;
  /** The newest migration's timestamp on the primary when this process started: a replica must have replayed it. */
  migration: string;
  /** The primary's WAL position when this process started (after its migrations). */
  lsn: string;
}

/** Asks a server what it is: the same on the primary and on each of its streaming replicas. */
export const REPLICA_CHECK = `SELECT newsline_database_identity() AS identity, (SELECT max("timestamp")::text FROM migrations) AS migration`;

/** What the primary tells a replica check: REPLICA_CHECK's answers and where its WAL stands. */
export const PRIMARY_CHECK = `${REPLICA_CHECK}, pg_current_wal_lsn()::text AS lsn`;

/**
 * SQLSTATE classes and codes of a read that failed on a replica for what the replica lacks (a table, a column, a
 * function, a grant), not for the read: the primary has it, so the read is answered there and the replica checked.
 */
const MISSING_ON_REPLICA = /^(42|3F)/;
/**
 * SQLSTATEs of a read a replica canceled for a conflict with recovery ("canceling statement due to conflict with
 * recovery": its replay needed a lock the read held, or removed rows its snapshot could see, and would not wait
 * longer than max_standby_streaming_delay): the read is fine, and the primary answers it; the replica stays in.
 */
const CANCELED_BY_RECOVERY = new Set(['40001', '40P01']);
/** How often a replica behind the primary's migrations is asked again while a start waits for it. */
const LAG_POLL_MS = 50;

/**
 * The read replicas of one process, taken in turn. A replica is read from only once it has shown that it is a replica
 * of the primary (the same database identity; a database of its own, however like it, would answer other rows) and
 * has the primary's migrations. One that cannot be reached or fails that check is left out, said once in the log
 * with why, and checked again every `retryMs` until it passes, so reads never wait on a replica known to be down.
 */
export class Replicas {
  private next = 0;
  /** The replicas read from now. Until `check` has passed for one, reads go to the primary. */
  private readonly up = new Set<pg.Pool>();
  /** Why each replica left out is, as last logged. */
  private readonly reasons = new Map<pg.Pool, string>();
  private readonly probes = new Set<NodeJS.Timeout>();
  private expected: ReplicaExpectation | null = null;
  private ended = false;

  constructor(
    private readonly pools: pg.Pool[],
    private readonly retryMs: number,
    private readonly names: string[] = pools.map((_, i) => `replica ${i + 1}`),
    private readonly logger?: Logger,
  ) {
    // An idle connection that dies (the replica stopped) says the replica is gone before any read finds out.
    for (const pool of pools) pool.on('error', (error) => this.failed(pool, error));
  }

  /** The replica the next read should use, or undefined when there is none up. */
  pick(): pg.Pool | undefined {
    for (let tried = 0; tried < this.pools.length; tried++) {
      const pool = this.pools[this.next++ % this.pools.length];
      if (this.up.has(pool)) return pool;
    }
    return undefined;
  }

  /**
   * Called when a read on `pool` failed: true when the read should be answered by the primary instead. A replica that
   * cannot be reached, or lacks what the read needs, is left out and checked again later; one that canceled the read
   * for a conflict with its recovery stays in.
   */
  failed(pool: pg.Pool, error: unknown): boolean {
    const failure = databaseFailure(error);
    if (failure === 'unavailable' || failure === 'refused') {
      this.leaveOut(pool, unreachable(failure, error));
      return true;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return false;
    if (CANCELED_BY_RECOVERY.has(code)) {
      this.logger?.debug('a read on a replica was canceled by its recovery: the primary answers it', { replica: this.nameOf(pool), reason: messageOf(error) });
      return true;
    }
    if (!MISSING_ON_REPLICA.test(code)) return false;
    this.leaveOut(pool, `a read failed there that the primary answers: ${messageOf(error)}`);
    return true;
  }

  /**
   * Checks every replica against the primary and waits for the checks up to `waitMs` (a replica that has not
   * answered by then is checked on in the background, and read from once it passes).
   */
  async start(expected: ReplicaExpectation, waitMs: number): Promise<void> {
    this.expected = expected;
    const checks = Promise.all(this.pools.map((pool) => this.check(pool, waitMs)));
    await Promise.race([checks, sleep(waitMs, undefined, { ref: false })]);
  }

  /** Closes every replica's connections. */
  async end(): Promise<void> {
    this.ended = true;
    for (const timer of this.probes) clearTimeout(timer);
    await Promise.all(this.pools.map((pool) => pool.end()));
  }

  /**
   * Reads from the replica when it is the primary's database with the primary's migrations; leaves it out otherwise.
   * One that has only not replayed the newest migrations yet is asked again for up to `patienceMs` first (a start
   * that has just migrated finds its replicas a moment behind).
   */
  private async check(pool: pg.Pool, patienceMs = 0): Promise<void> {
    const until = Date.now() + patienceMs;
    let outcome = await this.examine(pool);
    while (outcome.lagging && Date.now() + LAG_POLL_MS < until && !this.ended) {
      await sleep(LAG_POLL_MS);
      outcome = await this.examine(pool);
    }
    if (this.ended || outcome.problem === undefined) return;
    if (outcome.problem === null) {
      this.up.add(pool);
      if (this.reasons.delete(pool)) this.logger?.info('a read replica is read from again', { replica: this.nameOf(pool) });
      return;
    }
    this.leaveOut(pool, outcome.problem);
  }

  /** What keeps the replica from being read from (null: nothing; undefined: not asked, before start or after end). */
  private async examine(pool: pg.Pool): Promise<{ problem: string | null | undefined; lagging: boolean }> {
    const expected = this.expected;
    if (this.ended || !expected) return { problem: undefined, lagging: false };
    try {
      // A standby that has not replayed the primary's WAL up to this process's start may lack the very function the
      // next statement calls: it is behind, not another database.
      const replay = 'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind';
      const [{ behind }] = (await pool.query<{ behind: boolean | null }>(replay, [expected.lsn])).rows;
      if (behind) return { problem: `it has not replayed the primary's WAL up to ${expected.lsn} yet`, lagging: true };
      const { rows } = await pool.query<{ identity: string | null; migration: string | null }>(REPLICA_CHECK);
      const [{ identity, migration }] = rows;
      if (identity !== expected.identity) return { problem: `it is another database, not a replica of DATABASE_URL (its identity is ${identity}, the primary's ${expected.identity})`, lagging: false };
      if (migration === null || BigInt(migration) < BigInt(expected.migration)) return { problem: `it has not replayed the primary's migrations yet (its newest is ${migration ?? 'none'})`, lagging: true };
      return { problem: null, lagging: false };
    } catch (error) {
      const failure = databaseFailure(error);
      const problem = failure === 'unavailable' || failure === 'refused' ? unreachable(failure, error) : `it is not a Newsline database like the primary: ${messageOf(error)}`;
      return { problem, lagging: false };
    }
  }

  private leaveOut(pool: pg.Pool, reason: string): void {
    if (this.ended) return;
    this.up.delete(pool);
    // Said once as a warning when it is left out; while it stays out, why it still is only at debug level.
    const known = this.reasons.get(pool);
    if (known !== reason) {
      const fields = { replica: this.nameOf(pool), reason, retryInMs: this.retryMs };
      if (known === undefined) this.logger?.warn('a read replica is left out: reads go to the primary', fields);
      else this.logger?.debug('a read replica is still left out', fields);
      this.reasons.set(pool, reason);
    }
    // Before start, nothing is checked later: start checks every replica.
    if (this.expected) this.checkLater(pool);
  }

  /** Replicas with a check waiting to run. */
  private readonly probing = new Set<pg.Pool>();

  private checkLater(pool: pg.Pool): void {
    if (this.ended || this.probing.has(pool)) return;
    this.probing.add(pool);
    const timer = setTimeout(() => {
      this.probes.delete(timer);
      this.probing.delete(pool);
      void this.check(pool);
    }, this.retryMs);
    timer.unref();
    this.probes.add(timer);
  }

  private nameOf(pool: pg.Pool): string {
    return this.names[this.pools.indexOf(pool)] ?? 'a replica';
  }
}

function unreachable(failure: 'unavailable' | 'refused', error: unknown): string {
  return failure === 'refused' ? `it refuses the connection (fix the URL or the role): ${messageOf(error)}` : `it cannot be reached: ${messageOf(error)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
