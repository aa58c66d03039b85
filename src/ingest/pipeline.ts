import type { ArticleWrite, IngestRepository, NewsItemWrite, RefreshableSource } from '../db/repositories/ingest.repository';
import { canonicalUrl } from '../domain/canonical-url';
import { ConflictError } from '../domain/errors';
import type { IngestReport } from '../domain/ingest-report';
import { countWords } from '../domain/reading';
import type { Logger } from '../logger';
import type { SourceRefresher } from '../services/ports';
import { detectAttribution, extractArticle } from './extract';
import { Fetcher, HttpStatusError } from './fetcher';
import { decodeText, detectFormat, parseFeed } from './parsers';
import { htmlToText, sanitizeHtml, summarize } from './sanitize';
import { forEachLimited } from './limited';
import type { ExtractedArticle, FetchedResource, ParsedEntry } from './types';

/** How long a refresh may hold a source before another worker may take it over. */
export const REFRESH_LEASE_SECONDS = 600;
/** Words of feed content from which an entry counts as carrying the full article. */
export const FULL_CONTENT_WORDS = 120;
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

/** What reading a fetched document gave: what to store, and what went wrong along the way. */
interface Harvest {
  articles: ArticleWrite[];
  items: NewsItemWrite[];
  errors: string[];
  language: string | null;
  homepageUrl: string | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Collapses whitespace and strips tags from a feed title. */
function cleanTitle(title: string | null): string | null {
  if (!title) return null;
  const text = htmlToText(title).replace(/\s+/g, ' ').trim();
  return text.length ? text.slice(0, 1000) : null;
}

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

  /** Takes the source's lease and refreshes it; refuses when another refresh holds it. */
  async refreshNow(sourceId: number): Promise<IngestReport> {
    const source = await this.repository.claim(sourceId, REFRESH_LEASE_SECONDS);
    if (!source) throw new ConflictError('The source is being refreshed right now; ask again when that refresh has finished.');
    return this.refresh(source);
  }

  /** Refreshes a source whose lease the caller holds; never throws for the source's own failures. */
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
      errors: [],
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...fields,
    });
    const nextFetchAt = new Date(startedAt.getTime() + source.fetchIntervalSeconds * 1000);
    try {
      const resource = await this.fetcher.fetch(source.feedUrl, { etag: source.etag, lastModified: source.lastModified });
      if (resource.notModified) {
        await this.repository.recordNotModified(source.id, nextFetchAt);
        return report({ status: 'NOT_MODIFIED', nextFetchAt });
      }
      const harvest = await this.read(source, resource);
      const counts = await this.repository.commit(
        { id: source.id, etag: resource.etag, lastModified: resource.lastModified, nextFetchAt, language: harvest.language, homepageUrl: harvest.homepageUrl },
        harvest.articles,
        harvest.items,
      );
      return report({ status: 'UPDATED', nextFetchAt, itemsSeen: harvest.items.length, ...counts, errors: harvest.errors });
    } catch (error) {
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs ?? null : null;
      const next = nextAttemptAt(startedAt, source.fetchIntervalSeconds, source.consecutiveFailures + 1, retryAfter);
      this.logger.warn('source refresh failed', { sourceId: source.id, feedUrl: source.feedUrl, error: message(error) });
      await this.repository.recordFailure(source.id, message(error), next);
      return report({ status: 'FAILED', nextFetchAt: next, errors: [message(error)] });
    }
  }

  /** Turns a fetched feed or page into what to store. */
  private async read(source: RefreshableSource, resource: FetchedResource): Promise<Harvest> {
    const format = detectFormat(resource.body, resource.contentType);
    if (source.kind === 'HTML' || format === 'HTML') {
      const page = extractArticle(decodeText(resource.body, resource.contentType), resource.url);
      const article = toArticleWrite(page, null, source.language);
      const item = { guid: page.url, title: article.title, url: page.url, publishedAt: article.publishedAt, articleUrl: page.url };
      return { articles: [article], items: [item], errors: [], language: page.language, homepageUrl: null };
    }
    const feed = parseFeed(resource.body, resource.contentType, resource.url);
    const language = feed.language?.toLowerCase() ?? source.language;
    const errors: string[] = [];
    const entries: { entry: ParsedEntry; url: string; guid: string }[] = [];
    const seenGuids = new Set<string>();
    for (const entry of feed.entries) {
      let url: string | null = null;
      try {
        url = entry.url ? canonicalUrl(entry.url, resource.url) : null;
      } catch (error) {
        errors.push(`Skipped an entry with an unusable link "${entry.url}": ${message(error)}`);
      }
      const guid = entry.guid?.trim() || url;
      if (!url || !guid) {
        if (!entry.url) errors.push(`Skipped an entry without a link: "${entry.title ?? entry.guid ?? '(untitled)'}".`);
        continue;
      }
      if (seenGuids.has(guid)) continue;
      seenGuids.add(guid);
      entries.push({ entry, url, guid });
    }

    const articles = new Map<string, ArticleWrite>();
    const articleUrlOf = new Map<string, string>();
    const wantPages: { guid: string; url: string; entry: ParsedEntry }[] = [];
    for (const { entry, url, guid } of entries) {
      const fromFeed = entry.contentHtml ? articleFromFeed(entry, url, language, [source.name, feed.title ?? '']) : null;
      if (fromFeed && fromFeed.wordCount >= FULL_CONTENT_WORDS) {
        articles.set(fromFeed.url, fromFeed);
        articleUrlOf.set(guid, fromFeed.url);
      } else if (source.fullText) {
        wantPages.push({ guid, url, entry });
      }
    }
    if (wantPages.length > 0) {
      const known = await this.repository.knownArticleUrls(wantPages.map((p) => p.url));
      const toFetch = wantPages.filter((p) => !known.has(p.url)).slice(0, this.settings.maxPagesPerRefresh);
      await forEachLimited(toFetch, PAGE_CONCURRENCY, async ({ guid, url, entry }) => {
        try {
          const page = await this.fetcher.fetch(url);
          const extracted = extractArticle(decodeText(page.body, page.contentType), page.url);
          const article = toArticleWrite(extracted, entry, language);
          articles.set(article.url, article);
          articleUrlOf.set(guid, article.url);
        } catch (error) {
          errors.push(`Could not read the article page ${url}: ${message(error)}`);
        }
      });
    }

    const fetchedAt = new Date();
    const items: NewsItemWrite[] = entries.map(({ entry, url, guid }) => ({
      guid,
      url,
      title: cleanTitle(entry.title) ?? articles.get(articleUrlOf.get(guid) ?? '')?.title ?? url,
      publishedAt: entry.publishedAt ?? entry.updatedAt ?? fetchedAt,
      articleUrl: articleUrlOf.get(guid) ?? url,
    }));
    return { articles: [...articles.values()], items, errors, language, homepageUrl: feed.homepageUrl };
  }
}

/** An article built from an entry's own content (content:encoded, Atom content, content_html). */
function articleFromFeed(entry: ParsedEntry, url: string, language: string | null, ownNames: string[]): ArticleWrite {
  const body = sanitizeHtml(entry.contentHtml ?? '', url);
  const bodyText = htmlToText(body);
  const summaryText = entry.summary ? htmlToText(sanitizeHtml(entry.summary, url)) : '';
  return {
    url,
    title: cleanTitle(entry.title) ?? summarize(bodyText, 120),
    summary: summaryText ? summarize(summaryText) : summarize(bodyText),
    body,
    bodyText,
    author: entry.author,
    category: entry.categories[0] ?? null,
    tags: entry.categories.slice(0, 50),
    language,
    imageUrl: entry.imageUrl,
    publishedAt: entry.publishedAt ?? entry.updatedAt ?? new Date(),
    updatedAt: entry.updatedAt,
    attribution: detectAttribution({ bodyText, pickedText: null, author: entry.author, statedSource: null, ownNames: ownNames.filter(Boolean), pageUrl: url }),
    wordCount: countWords(bodyText),
  };
}

/** An article read from its page, with the feed entry's data where the page says nothing. */
function toArticleWrite(page: ExtractedArticle, entry: ParsedEntry | null, language: string | null): ArticleWrite {
  return {
    url: page.url,
    title: page.title ?? cleanTitle(entry?.title ?? null) ?? page.url,
    summary: page.summary ?? (entry?.summary ? summarize(htmlToText(entry.summary)) : null),
    body: page.body,
    bodyText: page.bodyText,
    author: page.author ?? entry?.author ?? null,
    category: page.category ?? entry?.categories[0] ?? null,
    tags: page.tags.length ? page.tags : entry?.categories ?? [],
    language: page.language ?? language,
    imageUrl: page.imageUrl ?? entry?.imageUrl ?? null,
    publishedAt: page.publishedAt ?? entry?.publishedAt ?? entry?.updatedAt ?? new Date(),
    updatedAt: page.updatedAt ?? entry?.updatedAt ?? null,
    attribution: page.attribution,
    wordCount: page.wordCount,
  };
}
