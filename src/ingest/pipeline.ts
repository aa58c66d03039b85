import { ALL_PAGES_READ, type IngestRepository, type PageOutcome, type RefreshableSource } from '../db/repositories/ingest.repository';
import { databaseFailure } from '../domain/database-failure';
import { ConflictError, DomainError, errorMessage, NotFoundError } from '../domain/errors';
import { toGlobalId } from '../domain/global-id';
import type { IngestReport } from '../domain/ingest-report';
import type { Logger } from '../logger';
import type { SourceRefresher } from '../services/ports';
import { describeHolder } from './claim-holder';
import { extractFetchedPage, extractPageArticle, readFetchedDocument } from './derive-pool';
import { Fetcher, FetchError, HttpStatusError } from './fetcher';
import { contentEntryUrls, Harvest, harvestFeedInParallel, harvestPage, pageArticle, PageToRead, withPageArticle } from './harvest';
import { forEachLimited } from './limited';
import { FeedParseError } from './parsers';
import type { FetchedResource } from './types';

/** What a failed refresh is logged as (at warn, with the source and the reason). */
export const REFRESH_FAILED = 'source refresh failed';

/** The longest a failing source is left alone between attempts. */
const MAX_BACKOFF_MS = 24 * 3600_000;
/** The longest a Retry-After is honoured. */
const MAX_RETRY_AFTER_MS = 7 * 24 * 3600_000;
/** Article pages fetched at once during one refresh. */
const PAGE_CONCURRENCY = 4;

export interface PipelineSettings {
  /** Article pages one refresh may fetch for full text. */
  maxPagesPerRefresh: number;
}

/** What reading a fetched document gave: what to store, and how the article pages went. */
interface Reading {
  harvest: Harvest;
  pagesFetched: number;
  pages: PageOutcome;
}

/**
 * What a failed refresh records and reports (a source's `health.lastError`, which anyone may read): what the
 * source did (a fetch or a document that failed, in its own words), or what kind of trouble Newsline had. A
 * database's or a bug's own message stays in the log, where the warning above put it.
 */
function failureText(error: unknown): string {
  if (error instanceof FetchError || error instanceof FeedParseError || error instanceof DomainError) return errorMessage(error);
  const failure = databaseFailure(error);
  if (failure === 'timeout') return 'Storing the refresh took longer than the database allows; it will be tried again.';
  if (failure === 'unavailable' || failure === 'refused') return 'The database could not be reached to store the refresh; it will be tried again.';
  return "The refresh failed inside Newsline and nothing of it was stored; the server's log has the details.";
}

/** What a refresh of a source removed while it ran reports. */
export const SOURCE_REMOVED = 'The source was removed (removeSource) while it was being refreshed: nothing of the refresh was stored.';

/** When to try a source again after `failures` failures in a row, honouring the server's Retry-After. */
export function nextAttemptAt(now: Date, intervalSeconds: number, failures: number, retryAfterMs: number | null): Date {
  const backoff = Math.min(intervalSeconds * 1000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
  const wait = retryAfterMs == null ? backoff : Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
  return new Date(now.getTime() + wait);
}

/**
 * The one orchestrator of ingestion (miniflux's RefreshFeed): fetch, parse, extract, sanitize,
 * then store everything of a refresh in one transaction. Called by the scheduler, the CLI and the API.
 */
export class IngestPipeline implements SourceRefresher {
  constructor(
    private readonly fetcher: Fetcher,
    private readonly repository: IngestRepository,
    private readonly settings: PipelineSettings,
    private readonly logger: Logger,
  ) {}

  /** Claims the source and refreshes it, due or not; refuses when another refresh holds it. */
  async refreshNow(sourceId: number): Promise<IngestReport> {
    const claim = await this.repository.claim(sourceId);
    if (claim.outcome === 'missing') throw new NotFoundError(`No source has the ID ${toGlobalId('Source', sourceId)}.`);
    if (claim.outcome === 'held') {
      throw new ConflictError(`Source ${toGlobalId('Source', sourceId)} is being refreshed by ${describeHolder(claim.holder)}; ask again when that refresh has finished.`);
    }
    try {
      return await this.refresh(claim.source);
    } finally {
      await this.repository.release(sourceId);
    }
  }

  /** Refreshes a source whose claim the caller holds; never throws for the source's own failures. */
  async refresh(source: RefreshableSource): Promise<IngestReport> {
    const startedAt = new Date();
    const report = (fields: Partial<IngestReport> & Pick<IngestReport, 'status' | 'nextFetchAt'>): IngestReport => ({
      sourceId: source.id,
      itemsSeen: 0,
      itemsAdded: 0,
      itemsUpdated: 0,
      itemsUnchanged: 0,
      articlesAdded: 0,
      articlesUpdated: 0,
      headlinesOnly: 0,
      pagesFetched: 0,
      pagesFailed: 0,
      errors: [],
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...fields,
    });
    const nextFetchAt = new Date(startedAt.getTime() + source.fetchIntervalSeconds * 1000);
    try {
      // Pages the last refresh did not read are read from the feed's entries: an unchanged feed must come in full (no
      // 304), or they would wait until the feed changes.
      const validators = source.pagesUnread > 0 ? {} : { etag: source.etag, lastModified: source.lastModified };
      const resource = await this.fetcher.fetch(source.feedUrl, validators);
      if (resource.notModified) {
        await this.repository.recordNotModified(source.id, nextFetchAt);
        return report({ status: 'NOT_MODIFIED', nextFetchAt });
      }
      const { harvest, pagesFetched, pages } = await this.read(source, resource);
      const counts = await this.repository.commit(
        { id: source.id, etag: resource.etag, lastModified: resource.lastModified, nextFetchAt, language: harvest.language, homepageUrl: harvest.homepageUrl },
        harvest.articles,
        harvest.items,
        harvest.entryHashes,
        pages,
      );
      return report({
        status: 'UPDATED',
        nextFetchAt,
        itemsSeen: harvest.items.length,
        ...counts,
        headlinesOnly: harvest.headlinesOnly,
        pagesFetched,
        pagesFailed: pages.failed,
        errors: harvest.errors,
      });
    } catch (error) {
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs ?? null : null;
      const next = nextAttemptAt(startedAt, source.fetchIntervalSeconds, source.consecutiveFailures + 1, retryAfter);
      // Removed while it was refreshed (removeSource does not wait for a refresh): storing it failed for that alone.
      if (!(error instanceof FetchError || error instanceof FeedParseError) && !(await this.repository.sourceExists(source.id))) {
        this.logger.info('a source was removed while it was being refreshed: nothing of the refresh was stored', { sourceId: source.id, feedUrl: source.feedUrl });
        return report({ status: 'FAILED', nextFetchAt: next, errors: [SOURCE_REMOVED] });
      }
      this.logger.warn(REFRESH_FAILED, { sourceId: source.id, feedUrl: source.feedUrl, error: errorMessage(error) });
      const told = failureText(error);
      await this.repository.recordFailure(source.id, told, next);
      return report({ status: 'FAILED', nextFetchAt: next, errors: [told] });
    }
  }

  /** Reads a fetched document (the one reader), harvests it, and reads the article pages a full-text source needs. */
  private async read(source: RefreshableSource, resource: FetchedResource): Promise<Reading> {
    const document = await readFetchedDocument(resource.body, resource.contentType, resource.url);
    if (document.kind === 'neither') throw new FeedParseError(`expected a feed or an HTML page; got ${document.description}`);
    if (document.kind === 'page') {
      const { article, item } = harvestPage(await extractPageArticle(document.html, resource.url), source.language, new Date());
      return {
        harvest: { articles: [article], items: [item], pages: [], headlinesOnly: 0, errors: [], language: article.language, homepageUrl: null, entryHashes: new Map() },
        pagesFetched: 0,
        pages: ALL_PAGES_READ,
      };
    }
    // Articles stored from entries the feed still holds as they were are kept, not derived again.
    const stored = await this.repository.storedEntryArticles(contentEntryUrls(document.feed, resource.url));
    let harvest = await harvestFeedInParallel(document.feed, resource.url, source, new Date(), stored);
    const known = await this.repository.knownArticleUrls(harvest.pages.map((page) => page.url));
    const unread = harvest.pages.filter((page) => !known.has(page.url));
    const toRead = unread.slice(0, this.settings.maxPagesPerRefresh);
    // By page, in the feed's order (pages are read several at once and fail in any order).
    const failures = new Map<PageToRead, string>();
    let pagesFetched = 0;
    await forEachLimited(toRead, PAGE_CONCURRENCY, async (page) => {
      try {
        const fetched = await this.fetcher.fetch(page.url);
        const extracted = await extractFetchedPage(fetched.body, fetched.contentType, fetched.url);
        harvest = withPageArticle(harvest, page, pageArticle(extracted, page.entry, harvest.language, new Date()));
        pagesFetched += 1;
      } catch (error) {
        failures.set(page, `Could not read the article page ${page.url}: ${errorMessage(error)}`);
      }
    });
    const errors = toRead.flatMap((page) => failures.get(page) ?? []);
    return {
      harvest: { ...harvest, errors: [...harvest.errors, ...errors] },
      pagesFetched,
      pages: { failed: errors.length, firstError: errors[0] ?? null, left: unread.length - toRead.length },
    };
  }
}
