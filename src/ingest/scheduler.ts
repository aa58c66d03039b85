import type { IngestRepository } from '../db/repositories/ingest.repository';
import type { IngestReport } from '../domain/ingest-report';
import { describeError, Logger } from '../logger';
import { forEachLimited } from './limited';
import { IngestPipeline, REFRESH_LEASE_SECONDS } from './pipeline';

/** The most sources one `newsline ingest` run claims. */
const MAX_SOURCES_PER_RUN = 10_000;

export interface SchedulerSettings {
  /** Sources refreshed at once by this process. */
  concurrency: number;
  /** How often to look for due sources when idle. */
  pollIntervalMs: number;
}

/**
 * Refreshes due sources in the background. Sources are claimed with a lease taken in one
 * `FOR UPDATE SKIP LOCKED` statement, so any number of schedulers (in `serve` processes and
 * `newsline worker`s) against one PostgreSQL never refresh the same source at once.
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
   * ends. All due sources are claimed up front so the total is known; their leases outlast the run.
   */
  async runOnce(onReport?: (report: IngestReport, done: number, total: number) => void, sourceId?: number): Promise<IngestReport[]> {
    if (sourceId !== undefined) {
      const report = await this.pipeline.refreshNow(sourceId);
      onReport?.(report, 1, 1);
      return [report];
    }
    const due = await this.repository.claimDue(MAX_SOURCES_PER_RUN, REFRESH_LEASE_SECONDS);
    const reports: IngestReport[] = [];
    await forEachLimited(due, this.settings.concurrency, async (source) => {
      const report = await this.pipeline.refresh(source);
      reports.push(report);
      onReport?.(report, reports.length, due.length);
    });
    return reports;
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
      const claimed = free > 0 ? await this.repository.claimDue(free, REFRESH_LEASE_SECONDS) : [];
      for (const source of claimed) {
        const run = this.pipeline
          .refresh(source)
          .then((report) => this.logger.info('source refreshed', { sourceId: report.sourceId, status: report.status, added: report.itemsAdded, updated: report.itemsUpdated, errors: report.errors.length }))
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
