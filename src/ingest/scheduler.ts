import type { IngestRepository, RefreshableSource } from '../db/repositories/ingest.repository';
import type { IngestReport } from '../domain/ingest-report';
import { describeError, Logger } from '../logger';
import { forEachLimited } from './limited';
import type { IngestPipeline } from './pipeline';

/** The most sources one `newsline ingest` run claims. */
const MAX_SOURCES_PER_RUN = 10_000;

export interface SchedulerSettings {
  /** Sources refreshed at once by this process. */
  concurrency: number;
  /** How often to look for due sources when idle. */
  pollIntervalMs: number;
}

/**
 * Refreshes due sources in the background. A source is claimed for the length of its refresh
 * (an advisory lock of this process's database session, see IngestRepository), so any number of
 * schedulers (in `serve` processes and `newsline worker`s) against one PostgreSQL never refresh
 * the same source at once, and a process that dies mid-refresh leaves no claim behind.
 */
export class Scheduler {
  private running = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private looking = false;
  private lookAgain = false;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly repository: IngestRepository,
    private readonly settings: SchedulerSettings,
    private readonly logger: Logger,
  ) {}

  /** Starts polling for due sources. */
  start(): void {
    this.stopped = false;
    void this.tick();
  }

  /** Stops claiming sources and waits for the refreshes under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  /**
   * Refreshes every source due now (or only `sourceId`), `concurrency` at a time, reporting each as it
   * ends. All due sources are claimed up front so the total is known; each claim ends with its refresh.
   */
  async runOnce(onReport?: (report: IngestReport, done: number, total: number) => void, sourceId?: number): Promise<IngestReport[]> {
    if (sourceId !== undefined) {
      const report = await this.pipeline.refreshNow(sourceId);
      onReport?.(report, 1, 1);
      return [report];
    }
    const due = await this.repository.claimDue(MAX_SOURCES_PER_RUN);
    const reports: IngestReport[] = [];
    // Should a refresh throw (the database gone), claims not reached end when the runtime closes.
    await forEachLimited(due, this.settings.concurrency, async (source) => {
      const report = await this.refresh(source);
      reports.push(report);
      onReport?.(report, reports.length, due.length);
    });
    return reports;
  }

  /** How many sources other processes are refreshing right now. */
  refreshingElsewhere(): Promise<number> {
    return this.repository.claimedElsewhere();
  }

  private async refresh(source: RefreshableSource): Promise<IngestReport> {
    try {
      return await this.pipeline.refresh(source);
    } finally {
      await this.repository.release(source.id);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    // One look at a time: two overlapping looks would each see the same free slots and claim twice.
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = true;
    try {
      const free = this.settings.concurrency - this.running.size;
      const claimed = free > 0 ? await this.repository.claimDue(free) : [];
      for (const source of claimed) {
        const run = this
          .refresh(source)
          .then((report) => this.logger.info('source refreshed', refreshedFields(report)))
          .catch((error) => this.logger.error('refresh crashed', { sourceId: source.id, ...describeError(error) }))
          .finally(() => {
            this.running.delete(run);
            if (!this.stopped) void this.tick();
          });
        this.running.add(run);
      }
    } catch (error) {
      this.logger.error('could not look for due sources', describeError(error));
    } finally {
      this.looking = false;
    }
    if (this.lookAgain) {
      this.lookAgain = false;
      return this.tick();
    }
    if (!this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.tick(), this.settings.pollIntervalMs);
      this.timer.unref();
    }
  }
}

/** The errors of one refresh a log line quotes: the count says how many there were in all. */
const LOGGED_ERRORS = 5;

/**
 * What the log says of a refresh that did not fail: its outcome, and the first of its errors (entries skipped,
 * article pages that could not be read), which a background refresh reports nowhere else.
 */
function refreshedFields(report: IngestReport): Record<string, unknown> {
  const fields: Record<string, unknown> = { sourceId: report.sourceId, status: report.status, added: report.itemsAdded, updated: report.itemsUpdated, errors: report.errors.length };
  if (report.errors.length > 0) fields.firstErrors = report.errors.slice(0, LOGGED_ERRORS);
  return fields;
}
