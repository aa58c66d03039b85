import { changeKeyBefore, type ChangeEntity, type ChangeKey, type ChangeRecord } from '../domain/change';
import type { ChangeNotifications } from '../db/change-notifications';
import type { ChangeLogRepository } from '../db/repositories/change-log.repository';

/** The key before every change. */
const START: ChangeKey = { commit: '0', seq: '0' };

/** Changes read per statement. */
const BATCH = 1000;

export interface ChangeStreamOptions {
  /**
   * How often the log is read without a notification while notifications are not flowing (the listening
   * connection lost and being re-made), and after a read that failed. While they flow, PostgreSQL delivers every
   * commit's notification to a listening session, so an idle stream sends no SQL.
   */
  pollMs: number;
  /** Changes older than this many days are pruned (0: never). */
  retentionDays: number;
  /** How often pruning runs. */
  pruneEveryMs: number;
  /** Told about failures to read the log; it is read again `pollMs` later. */
  onError: (error: Error) => void;
}

export type BatchListener = (batch: readonly ChangeRecord[]) => void;

/**
 * The one stream of changes of this process (DESIGN.md, "Growing the design"): it follows the change log from
 * where it started, reading it after each commit notification from any process (and every `pollMs` while
 * notifications do not flow), and hands each batch, in commit order, once, to its listeners: subscriptions push
 * the new nodes, and the response cache's data version moves.
 */
export class ChangeStream {
  private position: ChangeKey | null = null;
  private identity: string | null = null;
  private readonly listeners = new Set<BatchListener>();
  /** Wakes the followers waiting for live changes, so that they end when the stream stops. */
  private readonly stopWakers = new Set<() => void>();
  private reading: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private pruning: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The last read failed: the poll reads again. */
  private failed = false;

  constructor(
    private readonly log: ChangeLogRepository,
    private readonly notifications: ChangeNotifications,
    private readonly options: ChangeStreamOptions,
  ) {}

  /** Starts at the newest readable change and listens for commits. */
  async start(): Promise<void> {
    this.identity = await this.log.identity();
    this.position = await this.log.head();
    await this.notifications.start(() => this.readSoon());
    this.poll = setInterval(() => {
      if (this.failed || !this.notifications.listening) this.readSoon();
    }, this.options.pollMs);
    this.poll.unref();
    if (this.options.retentionDays > 0) {
      const prune = () => void this.prune().catch((error: Error) => this.options.onError(error));
      this.pruning = setInterval(prune, this.options.pruneEveryMs);
      this.pruning.unref();
      prune();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.stopWakers) wake();
    if (this.poll) clearInterval(this.poll);
    if (this.pruning) clearInterval(this.pruning);
    await this.notifications.close();
    await this.reading;
  }

  /** The key after the last change handed to listeners (null before start). */
  get at(): ChangeKey | null {
    return this.position;
  }

  /** What tells the database the stream reads from any other (ChangeLogRepository.identity; null before start). */
  get database(): string | null {
    return this.identity;
  }

  /** Calls `listener` with every later batch of changes; returns a function that stops it. */
  onChanges(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The changes after `after` (from now on when null), of the given node types: first those already recorded
   * (read from the log), then live ones as they come, in order, none twice and none skipped. Batches may be empty
   * of the asked types only when live; the iterator ends when the consumer stops, `signal` aborts or the stream stops.
   * (A consumer waiting for live changes cannot end the generator with `return()`, which waits for its next `yield`;
   * `signal` ends it at once.)
   */
  async *follow(after: ChangeKey | null, entities?: readonly ChangeEntity[], signal?: AbortSignal): AsyncGenerator<readonly ChangeRecord[]> {
    const queued: (readonly ChangeRecord[])[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.onChanges((batch) => {
      queued.push(batch);
      wake?.();
    });
    const abort = () => wake?.();
    signal?.addEventListener('abort', abort);
    this.stopWakers.add(abort);
    try {
      // Every batch handed out before `onChanges` above ends at or before `target`; every later one after it.
      const target = this.position ?? START;
      let cursor = after ?? target;
      while (changeKeyBefore(cursor, target)) {
        const rows = await this.log.read(cursor, BATCH, entities);
        const missed = rows.filter((row) => !changeKeyBefore(target, row));
        if (missed.length > 0) yield missed;
        if (missed.length < rows.length || rows.length < BATCH) break;
        cursor = rows[rows.length - 1];
      }
      if (changeKeyBefore(cursor, target)) cursor = target;
      const wanted = entities ? new Set<ChangeEntity>(entities) : null;
      while (!this.stopped && !signal?.aborted) {
        const batch = queued.shift();
        if (!batch) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const fresh = batch.filter((row) => changeKeyBefore(cursor, row) && (!wanted || wanted.has(row.entity)));
        if (fresh.length === 0) continue;
        cursor = fresh[fresh.length - 1];
        yield fresh;
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      this.stopWakers.delete(abort);
      unsubscribe();
    }
  }

  /** Reads the log now and resolves once it has read what was committed before the call (a write of this process, say). */
  async catchUp(): Promise<void> {
    this.readSoon();
    while (this.reading) await this.reading;
  }

  /** Reads the log now, or once more after the read under way. */
  readSoon(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readAll()
      .then(
        () => {
          this.failed = false;
        },
        (error: Error) => {
          this.failed = true;
          this.options.onError(error);
        },
      )
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.readSoon();
        }
      });
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const rows = await this.log.read(this.position, BATCH);
      if (rows.length === 0 || this.stopped) return;
      const last = rows[rows.length - 1];
      this.position = { commit: last.commit, seq: last.seq };
      for (const listener of this.listeners) {
        try {
          listener(rows);
        } catch (error) {
          this.options.onError(error as Error);
        }
      }
      if (rows.length < BATCH) return;
    }
  }

  private async prune(): Promise<void> {
    const before = new Date(Date.now() - this.options.retentionDays * 86_400_000);
    while ((await this.log.prune(before, BATCH)) === BATCH && !this.stopped);
  }
}
