import type { ArticleWrite, NewsItemWrite } from '../db/repositories/ingest.repository';
import { createHash } from 'node:crypto';
import { canonicalUrl, MAX_URL_LENGTH } from '../domain/canonical-url';
import { contentHash } from '../domain/content-hash';
import { errorMessage } from '../domain/errors';
import { FULL_CONTENT_WORDS } from '../domain/reading';
import { deriveEntryArticles } from './derive-pool';
import { FeedParseError } from './parsers/feed-parse-error';
import { DerivedEntry, deriveEntry, EntryContext, entryHash, EntryToDerive, entryTitle, publicationTime, summaryOf } from './entry-article';
import type { ExtractedArticle, ParsedEntry, ParsedFeed } from './types';

export { entryHash } from './entry-article';

/** What the harvest needs to know of the source a feed was read for. */
export interface HarvestSource {
  name: string;
  /** The source's language, used when the feed states none. */
  language: string | null;
  /** Whether entries without full content have their article read from its page. */
  fullText: boolean;
}

/** An entry whose article is to be read from its page. */
export interface PageToRead {
  guid: string;
  url: string;
  entry: ParsedEntry;
}

/** Exactly what a refresh stores of a feed (before any article page is read), and what it left out. */
export interface Harvest {
  articles: ArticleWrite[];
  items: NewsItemWrite[];
  /** Entries of a full-text source whose article is to be read from its page. */
  pages: PageToRead[];
  /** Entries kept as news items only: under FULL_CONTENT_WORDS words of content, from a source that is not full-text. */
  headlinesOnly: number;
  /** Entries skipped, and why. */
  errors: string[];
  language: string | null;
  homepageUrl: string | null;
  /** For each article derived from an entry: entryHash() of what it was derived from, by article URL. */
  entryHashes: Map<string, string>;
}

/** An article stored from a feed entry, as the harvest needs to know it to keep it. */
export interface StoredEntryArticle {
  /** entryHash() of the entry it was derived from. */
  entryHash: string;
  title: string;
}

/** The canonical URLs of the entries that carry content: those whose stored articles harvestFeed may keep. */
export function contentEntryUrls(feed: ParsedFeed, feedUrl: string): string[] {
  const urls: string[] = [];
  for (const entry of entriesRead(feed)) {
    if (!entry.contentHtml || !entry.url) continue;
    try {
      urls.push(canonicalUrl(entry.url, feedUrl));
    } catch {
      // harvestFeed reports the unusable link.
    }
  }
  return urls;
}

/**
 * Turns a feed's entries into what is stored: a news item per entry (canonical URL, GUID, plain-text title),
 * an article per entry that carries the full content (sanitized body, text, summary, attribution), and the
 * pages to read for the others when the source is full-text. Pure: `now` dates entries that state no date.
 *
 * `stored` holds articles already stored under some of the entries' URLs: an entry whose fingerprint is the
 * one stored with its article is not derived again, and its article, which would come out the same, is left
 * out of `articles` (it stays as stored); its news item is harvested as usual.
 */
export function harvestFeed(feed: ParsedFeed, feedUrl: string, source: HarvestSource, now: Date, stored: ReadonlyMap<string, StoredEntryArticle> = new Map()): Harvest {
  const plan = planHarvest(feed, feedUrl, source, now, stored);
  return assembleHarvest(plan, plan.toDerive.map((entry) => deriveEntry(entry, plan.context)));
}

/**
 * harvestFeed, with the articles of a large feed derived on the threads of the derive pool while this thread
 * stays free for requests: the same harvest, sooner on a machine with more than one core.
 */
export async function harvestFeedInParallel(
  feed: ParsedFeed,
  feedUrl: string,
  source: HarvestSource,
  now: Date,
  stored: ReadonlyMap<string, StoredEntryArticle> = new Map(),
): Promise<Harvest> {
  const plan = planHarvest(feed, feedUrl, source, now, stored);
  return assembleHarvest(plan, await deriveEntryArticles(plan.toDerive, plan.context));
}

/**
 * The most entries one refresh reads of a feed, the first in the feed's order (newest first, as feeds list them):
 * twice the largest feeds of news sites (a few thousand). 100,000 entries took a refresh past the database's
 * statement timeout every time on PostgreSQL, and held the embedded database, and so the server, for 18 minutes.
 */
export const MAX_ENTRIES = 10_000;

/** The entries a refresh reads: the first MAX_ENTRIES. */
function entriesRead(feed: ParsedFeed): ParsedEntry[] {
  return feed.entries.length > MAX_ENTRIES ? feed.entries.slice(0, MAX_ENTRIES) : feed.entries;
}

/** Above this many bytes, a GUID (a key of the source's items) is stored as its SHA-256: the same entry, the same key. */
const MAX_GUID_BYTES = 1024;

function storableGuid(guid: string | null): string | null {
  if (guid === null || Buffer.byteLength(guid) <= MAX_GUID_BYTES) return guid;
  return `sha256:${createHash('sha256').update(guid).digest('hex')}`;
}

/** One entry as the harvest reads it, before any article is derived. */
type Slot =
  | { kind: 'kept'; guid: string; url: string; entry: ParsedEntry; stored: StoredEntryArticle }
  /** `derived`: the index of its article among those derived, null when the entry carries no content. */
  | { kind: 'entry'; guid: string; url: string; entry: ParsedEntry; derived: number | null };

/** What harvesting a feed takes, decided before any article is derived: deriving is most of the work. */
interface HarvestPlan {
  slots: Slot[];
  toDerive: EntryToDerive[];
  context: EntryContext;
  source: HarvestSource;
  errors: string[];
  homepageUrl: string | null;
}

function planHarvest(feed: ParsedFeed, feedUrl: string, source: HarvestSource, now: Date, stored: ReadonlyMap<string, StoredEntryArticle>): HarvestPlan {
  // readDocument has made the feed's language a tag, or none.
  const language = feed.language ?? source.language;
  const ownNames = [source.name, feed.title ?? ''].filter(Boolean);
  const plan: HarvestPlan = { slots: [], toDerive: [], context: { language, ownNames, now }, source, errors: [], homepageUrl: feed.homepageUrl };
  const seenGuids = new Set<string>();
  let repeated = 0;
  if (feed.entries.length > MAX_ENTRIES) {
    const most = MAX_ENTRIES.toLocaleString('en-US');
    plan.errors.push(`The feed holds ${feed.entries.length.toLocaleString('en-US')} entries; the first ${most} were read (at most ${most} a refresh).`);
  }
  for (const entry of entriesRead(feed)) {
    let url: string | null = null;
    try {
      url = entry.url ? canonicalUrl(entry.url, feedUrl) : null;
    } catch (error) {
      plan.errors.push(`Skipped an entry with an unusable link "${entry.url}": ${errorMessage(error)}`);
    }
    if (url && url.length > MAX_URL_LENGTH) {
      plan.errors.push(`Skipped an entry whose link is longer than ${MAX_URL_LENGTH} characters: "${url.slice(0, 80)}…".`);
      continue;
    }
    const guid = storableGuid(entry.guid?.trim() || url);
    if (!url || !guid) {
      // The feed reader keeps only http(s) links: a javascript:, data: or file: link reads as none.
      if (!entry.url) plan.errors.push(`Skipped an entry without a link to a web page (http or https): "${entryTitle(entry) ?? entry.guid ?? '(untitled)'}".`);
      continue;
    }
    if (seenGuids.has(guid)) {
      repeated += 1;
      continue;
    }
    seenGuids.add(guid);
    // An entry's fingerprint is taken here only when an article is stored under its URL; for the others it is
    // taken with its article, on the derive pool's threads.
    const kept = entry.contentHtml ? stored.get(url) : undefined;
    if (kept && kept.entryHash === entryHash(entry, url, language, ownNames)) {
      // Stored from this very entry: only full articles are stored from entries, and it would come out the same.
      plan.slots.push({ kind: 'kept', guid, url, entry, stored: kept });
      continue;
    }
    const derived = entry.contentHtml ? plan.toDerive.push({ entry, url }) - 1 : null;
    plan.slots.push({ kind: 'entry', guid, url, entry, derived });
  }
  if (repeated > 0) {
    plan.errors.push(`Skipped ${repeated === 1 ? 'an entry that repeats' : `${repeated} entries that repeat`} the GUID (or, without one, the link) of an earlier entry: the first is kept.`);
  }
  return plan;
}

function assembleHarvest(plan: HarvestPlan, derived: DerivedEntry[]): Harvest {
  const { context, source } = plan;
  const harvest: Harvest = {
    articles: [],
    items: [],
    pages: [],
    headlinesOnly: 0,
    errors: plan.errors,
    language: context.language,
    homepageUrl: plan.homepageUrl,
    entryHashes: new Map(),
  };
  const articleUrls = new Set<string>();
  for (const slot of plan.slots) {
    const { guid, url, entry } = slot;
    const publishedAt = publicationTime(context.now, entry.publishedAt, entry.updatedAt);
    if (slot.kind === 'kept') {
      articleUrls.add(url);
      harvest.items.push({ guid, url, title: entryTitle(entry) ?? slot.stored.title, publishedAt, articleUrl: url });
      continue;
    }
    const { article = null, entryHash: hash = '' } = slot.derived === null ? {} : derived[slot.derived];
    const full = article !== null && article.wordCount >= FULL_CONTENT_WORDS;
    if (full && !articleUrls.has(article.url)) {
      harvest.articles.push(article);
      harvest.entryHashes.set(article.url, hash);
      articleUrls.add(article.url);
    } else if (!full && source.fullText) {
      harvest.pages.push({ guid, url, entry });
    } else if (!full) {
      harvest.headlinesOnly += 1;
    }
    harvest.items.push({ guid, url, title: entryTitle(entry) ?? article?.title ?? url, publishedAt, articleUrl: url });
  }
  return harvest;
}

/** The harvest with the article read from an entry's page: stored, and linked from the entry's news item. */
export function withPageArticle(harvest: Harvest, page: PageToRead, article: ArticleWrite): Harvest {
  const items = harvest.items.map((item) =>
    item.guid === page.guid ? { ...item, title: entryTitle(page.entry) ?? article.title, articleUrl: article.url } : item,
  );
  const articles = harvest.articles.some((known) => known.url === article.url) ? harvest.articles : [...harvest.articles, article];
  return { ...harvest, articles, items };
}

/** What a refresh stores of an article page: the page's article, and its one news item. */
export function harvestPage(page: ExtractedArticle, language: string | null, now: Date): { article: ArticleWrite; item: NewsItemWrite } {
  const article = pageArticle(page, null, language, now);
  return { article, item: { guid: page.url, title: article.title, url: page.url, publishedAt: article.publishedAt, articleUrl: page.url } };
}

/** An article read from its page, with the feed entry's data where the page says nothing. */
export function pageArticle(page: ExtractedArticle, entry: ParsedEntry | null, language: string | null, now: Date): ArticleWrite {
  if (page.url.length > MAX_URL_LENGTH) throw new FeedParseError(`the page's URL is longer than ${MAX_URL_LENGTH} characters, which is more than Newsline stores`);
  const title = page.title ?? entryTitle(entry) ?? page.url;
  const summary = page.summary ?? (entry?.summary ? summaryOf(entry.summary, entry.baseUrl ?? page.url) : null);
  return {
    url: page.url,
    title,
    summary,
    body: page.body,
    bodyText: page.bodyText,
    author: page.author ?? entry?.author ?? null,
    category: page.category ?? entry?.categories[0] ?? null,
    tags: page.tags.length ? page.tags : entry?.categories ?? [],
    language: page.language ?? language,
    imageUrl: page.imageUrl ?? entry?.imageUrl ?? null,
    publishedAt: publicationTime(now, page.publishedAt, entry?.publishedAt, entry?.updatedAt),
    updatedAt: page.updatedAt ?? entry?.updatedAt ?? null,
    attribution: page.attribution,
    wordCount: page.wordCount,
    contentHash: contentHash({ title, bodyText: page.bodyText, summary }),
  };
}
