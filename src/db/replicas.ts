import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { databaseFailure } from '../domain/database-failure';

/**
 * The read replicas of one process, taken in turn. One that cannot be reached is left out and
 * probed every `retryMs` until it answers again, so reads never wait on a replica known to be down.
 */
export class Replicas {
  private next = 0;
  private readonly down = new Set<pg.Pool>();
  private readonly probes = new Set<NodeJS.Timeout>();
  private ended = false;

  constructor(
    private readonly pools: pg.Pool[],
    private readonly retryMs: number,
  ) {
    // An idle connection that dies (the replica stopped) says the replica is gone before any read finds out.
    for (const pool of pools) pool.on('error', (error) => this.failed(pool, error));
  }

  /** The replica the next read should use, or undefined when there is none up. */
  pick(): pg.Pool | undefined {
    for (let tried = 0; tried < this.pools.length; tried++) {
      const pool = this.pools[this.next++ % this.pools.length];
      if (!this.down.has(pool)) return pool;
    }
    return undefined;
  }

  /** Takes the replica out of rotation when the error says it cannot be reached; true when it did. */
  failed(pool: pg.Pool, error: unknown): boolean {
    const failure = databaseFailure(error);
    if (failure !== 'unavailable' && failure !== 'refused') return false;
    this.leaveOut(pool);
    return true;
  }

  /**
   * Waits until every replica has replayed the primary's WAL up to `lsn` (so that a schema just
   * migrated is there to read); one that cannot say so within `timeoutMs` is left out for now.
   */
  async catchUp(lsn: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      this.pools.map(async (pool) => {
        try {
          // NULL when the server is no streaming replica: nothing to wait for.
          const behind = 'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind';
          while ((await pool.query<{ behind: boolean | null }>(behind, [lsn])).rows[0].behind) {
            if (Date.now() > deadline) throw new Error(`still replaying WAL before ${lsn} after ${timeoutMs} ms`);
            await sleep(50);
          }
        } catch {
          this.leaveOut(pool);
        }
      }),
    );
  }

  /** Closes every replica's connections. */
  async end(): Promise<void> {
    this.ended = true;
    for (const timer of this.probes) clearTimeout(timer);
    await Promise.all(this.pools.map((pool) => pool.end()));
  }

  private leaveOut(pool: pg.Pool): void {
    if (this.down.has(pool) || this.ended) return;
    this.down.add(pool);
    this.probeLater(pool);
  }

  private probeLater(pool: pg.Pool): void {
    if (this.ended) return;
    const timer = setTimeout(() => {
      this.probes.delete(timer);
      if (this.ended) return;
      pool.query('SELECT 1').then(
        () => this.down.delete(pool),
        () => this.probeLater(pool),
      );
    }, this.retryMs);
    timer.unref();
    this.probes.add(timer);
  }
}
