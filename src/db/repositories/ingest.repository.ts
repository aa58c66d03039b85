import type { DataSource, EntityManager } from 'typeorm';
import { slugify } from '../../domain/slugify';
import type { SourceKind } from '../../domain/rows';
import { ClaimSession } from '../claim-session';
import { targetOf, writeTransaction } from '../data-source';
import { textArrayParameter } from '../text-array-parameter';
import { countSources, groupHeadlines, type Placement } from './story-grouping';
import { cutText } from '../../domain/cut-text';

/** A source as the refresher needs it. */
export interface RefreshableSource {
  id: number;
  name: string;
  feedUrl: string;
  homepageUrl: string | null;
  kind: SourceKind;
  language: string | null;
  fullText: boolean;
  fetchIntervalSeconds: number;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  /** Article pages its last stored refresh did not read: those that failed and those left for later. */
  pagesUnread: number;
}

/** How the article pages of a refresh went, as the source's health keeps it. */
export interface PageOutcome {
  /** Pages that could not be read. */
  failed: number;
  /** Why the first of them could not be read; null when none failed. */
  firstError: string | null;
  /** Pages left for a later refresh (past the pages one refresh may read). */
  left: number;
}

/** A refresh that had no article page to read, or read them all. */
export const ALL_PAGES_READ: PageOutcome = { failed: 0, firstError: null, left: 0 };

/** The longest error text a source's health keeps. */
const MAX_ERROR_LENGTH = 2000;

/** An article ready to store. */
export interface ArticleWrite {
  url: string;
  title: string;
  summary: string | null;
  body: string | null;
  bodyText: string | null;
  author: string | null;
  category: string | null;
  tags: string[];
  language: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  updatedAt: Date | null;
  attribution: string | null;
  wordCount: number;
  /** contentHash() of title, text and summary: an article whose hash is unchanged is not rewritten. */
  contentHash: string;
}

/** A news item ready to store; `articleUrl` links it to the article stored under that URL, if any. */
export interface NewsItemWrite {
  guid: string;
  title: string;
  url: string;
  publishedAt: Date;
  articleUrl: string | null;
}

/** What one refresh wrote. */
export interface WriteCounts {
  itemsAdded: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  articlesAdded: number;
  articlesUpdated: number;
  articlesUnchanged: number;
}

const SOURCE_COLUMNS = `id, name, feed_url AS "feedUrl", homepage_url AS "homepageUrl", kind, language,
  full_text AS "fullText", fetch_interval_seconds AS "fetchIntervalSeconds", etag, last_modified AS "lastModified",
  consecutive_failures AS "consecutiveFailures", last_pages_failed + last_pages_left AS "pagesUnread"`;

/** The first key of the advisory locks that claim sources for a refresh; the second is the source id. */
const CLAIM_LOCK_SPACE = 28268;

/** The claims held right now, by any session: one row per source id (objid), with the holder's backend pid. */
const HELD_CLAIMS = `SELECT objid, pid FROM pg_locks
  WHERE locktype = 'advisory' AND classid = ${CLAIM_LOCK_SPACE} AND objsubid = 2 AND granted
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** The session that holds a claim: this process's, or another process's. */
export interface ClaimHolder {
  /** True when this process holds it (another refresh of this process is under way). */
  self: boolean;
  /** The PostgreSQL backend of the holding session. */
  pid: number;
  /** The holder's application_name, such as "newsline pid 4242 on worker-1"; null when unknown. */
  application: string | null;
  /** The holder's client address; null on a local socket or the embedded database. */
  address: string | null;
}

/** What asking for one source's claim gave: the source, the session holding it (null if it just let go), or no such source. */
export type Claim = { outcome: 'claimed'; source: RefreshableSource } | { outcome: 'held'; holder: ClaimHolder | null } | { outcome: 'missing' };

/**
 * All SQL of ingestion: claims on sources, and the writes of one refresh in one transaction.
 *
 * A claim is a session-level advisory lock taken on this process's ClaimSession, so it ends
 * when the process dies (or its connection does): a killed refresh never keeps its source from
 * the next run. Refreshes of one process share its session, where advisory locks are re-entrant,
 * so a claim is taken only where pg_locks shows no holder, checked in the statement that locks.
 */
export class IngestRepository {
  private readonly session: ClaimSession;

  constructor(
    private readonly dataSource: DataSource,
    onClaimsLost: (error: Error) => void = () => undefined,
  ) {
    this.session = new ClaimSession(dataSource, onClaimsLost);
  }

  /** Claims one source, due or not. */
  async claim(sourceId: number): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const [lock] = await this.session.query<{ got: boolean }>(
        `SELECT pg_try_advisory_lock(${CLAIM_LOCK_SPACE}, $1::int) AS got
         WHERE NOT EXISTS (SELECT 1 FROM (${HELD_CLAIMS}) held WHERE held.objid = $1::int::oid)`,
        [sourceId],
      );
      if (lock?.got) {
        const [source] = await this.session.query<RefreshableSource>(`SELECT ${SOURCE_COLUMNS} FROM source WHERE id = $1`, [sourceId]);
        if (source) return { outcome: 'claimed', source };
        await this.release(sourceId);
        return { outcome: 'missing' };
      }
      const holder = await this.holderOf(sourceId);
      if (holder) return { outcome: 'held', holder };
    }
    return { outcome: 'held', holder: null };
  }

  /**
   * Claims up to `limit` enabled sources that are due, passing over those claimed elsewhere.
   * Every candidate of the materialized list is tried exactly once (no LIMIT above the lock, so
   * no lock is taken on a row that is then dropped), and the claimed ones are read again in a
   * later statement: one another process refreshed and let go after this statement's snapshot
   * is no longer due there, and is let go.
   */
  async claimDue(limit: number): Promise<RefreshableSource[]> {
    const locked = await this.session.query<{ id: number }>(
      `WITH held AS MATERIALIZED (${HELD_CLAIMS}),
       candidates AS MATERIALIZED (
         SELECT id FROM source s
         WHERE enabled AND next_fetch_at <= now() AND NOT EXISTS (SELECT 1 FROM held WHERE held.objid = s.id::oid)
         ORDER BY next_fetch_at LIMIT $1)
       SELECT id FROM candidates WHERE pg_try_advisory_lock(${CLAIM_LOCK_SPACE}, id)`,
      [limit],
    );
    if (locked.length === 0) return [];
    const ids = locked.map((row) => row.id);
    const due = await this.session.query<RefreshableSource>(
      `SELECT ${SOURCE_COLUMNS} FROM source WHERE id = ANY($1::int[]) AND enabled AND next_fetch_at <= now() ORDER BY next_fetch_at`,
      [ids],
    );
    const stillDue = new Set(due.map((source) => source.id));
    for (const id of ids) if (!stillDue.has(id)) await this.release(id);
    return due;
  }

  /** Ends a claim; when that fails, the session is dropped, which ends all its claims rather than keep one for ever. */
  async release(sourceId: number): Promise<void> {
    try {
      await this.session.query(`SELECT pg_advisory_unlock(${CLAIM_LOCK_SPACE}, $1::int)`, [sourceId]);
    } catch (error) {
      await this.session.drop(error as Error);
    }
  }

  /** Who holds the claim on a source; null when nobody does. */
  async holderOf(sourceId: number): Promise<ClaimHolder | null> {
    const [row] = await this.session.query<ClaimHolder>(
      `SELECT held.pid, held.pid = pg_backend_pid() AS self, NULLIF(a.application_name, '') AS application, host(a.client_addr) AS address
       FROM (${HELD_CLAIMS}) held LEFT JOIN pg_stat_activity a ON a.pid = held.pid
       WHERE held.objid = $1::int::oid`,
      [sourceId],
    );
    return row ?? null;
  }

  /** How many sources other processes are refreshing right now. */
  async claimedElsewhere(): Promise<number> {
    const [row] = await this.session.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${HELD_CLAIMS}) held JOIN source s ON held.objid = s.id::oid WHERE held.pid <> pg_backend_pid()`,
      [],
    );
    return row.n;
  }

  /** Ends this process's claiming session (and so every claim it still holds). */
  close(): Promise<void> {
    return this.session.close();
  }

  /** Which of these GUIDs the source already has, with what they point to. */
  async knownItems(sourceId: number, guids: string[]): Promise<Map<string, { title: string; url: string; articleId: number | null }>> {
    const rows: { guid: string; title: string; url: string; articleId: number | null }[] = await this.dataSource.query(
      `SELECT guid, title, url, article_id AS "articleId" FROM news_item WHERE source_id = $1 AND guid = ANY($2::text[])`,
      [sourceId, guids],
    );
    return new Map(rows.map((row) => [row.guid, row]));
  }

  /** Which of these URLs have an article stored. */
  async knownArticleUrls(urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const rows: { url: string }[] = await this.dataSource.query('SELECT url FROM article WHERE url = ANY($1::text[])', [urls]);
    return new Set(rows.map((row) => row.url));
  }

  /** The articles stored under these URLs that were derived from a feed entry, with that entry's fingerprint. */
  async storedEntryArticles(urls: string[]): Promise<Map<string, { entryHash: string; title: string }>> {
    if (urls.length === 0) return new Map();
    const rows: { url: string; entryHash: string; title: string }[] = await this.dataSource.query(
      'SELECT url, entry_hash AS "entryHash", title FROM article WHERE url = ANY($1::text[]) AND entry_hash IS NOT NULL',
      [urls],
    );
    return new Map(rows.map((row) => [row.url, { entryHash: row.entryHash, title: row.title }]));
  }

  /** A 304: only the fetch time moves. */
  async recordNotModified(sourceId: number, nextFetchAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE source SET last_fetched_at = now(), next_fetch_at = $2 WHERE id = $1`,
      [sourceId, nextFetchAt],
    );
  }

  /** A failed refresh: the error, one more consecutive failure, when to try again. */
  /** Whether the source is still there (a refresh that failed may have failed because it was removed meanwhile). */
  async sourceExists(sourceId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM source WHERE id = $1', [sourceId]);
    return rows.length > 0;
  }

  async recordFailure(sourceId: number, error: string, nextFetchAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE source SET last_fetched_at = now(), last_error = $2, consecutive_failures = consecutive_failures + 1,
         next_fetch_at = $3 WHERE id = $1`,
      [sourceId, cutText(error, MAX_ERROR_LENGTH), nextFetchAt],
    );
  }

  /**
   * Stores one refresh: articles, news items, and the source's new validators and health, in one
   * transaction, so a crash midway leaves the previous state and the next run redoes it all.
   * Upserts change only what differs, so the same input stored twice changes nothing. `entryHashes` gives,
   * by URL, the fingerprint of the feed entry each article was derived from (none for a page's article).
   */
  async commit(
    source: { id: number; etag: string | null; lastModified: string | null; nextFetchAt: Date; language: string | null; homepageUrl: string | null },
    articles: ArticleWrite[],
    items: NewsItemWrite[],
    entryHashes: ReadonlyMap<string, string> = new Map(),
    pages: PageOutcome = ALL_PAGES_READ,
  ): Promise<WriteCounts> {
    const rowsPerStatement = targetOf(this.dataSource).databaseUrl ? BATCH_ROWS : EMBEDDED_BATCH_ROWS;
    return writeTransaction(this.dataSource, async (manager) => {
      const counts: WriteCounts = { itemsAdded: 0, itemsUpdated: 0, itemsUnchanged: 0, articlesAdded: 0, articlesUpdated: 0, articlesUnchanged: 0 };
      const categories = await categoryIds(manager, articles.map((article) => article.category));
      // URL order, the same in every transaction, so two refreshes writing the same articles never deadlock.
      const distinctArticles = [...new Map(articles.map((article) => [article.url, article])).values()].sort((a, b) => (a.url < b.url ? -1 : 1));
      for (const batch of batches(distinctArticles, rowsPerStatement)) {
        const outcome = await upsertArticles(manager, source.id, batch, categories, entryHashes);
        counts.articlesAdded += outcome.added;
        counts.articlesUpdated += outcome.updated;
        counts.articlesUnchanged += outcome.unchanged;
      }
      await manager.query(
        `UPDATE source SET etag = $2, last_modified = $3, last_fetched_at = now(), last_success_at = now(),
           last_error = NULL, consecutive_failures = 0, next_fetch_at = $4,
           language = COALESCE(language, $5), homepage_url = COALESCE(homepage_url, $6),
           last_pages_failed = $7, last_page_error = $8, last_pages_left = $9
         WHERE id = $1`,
        [source.id, source.etag, source.lastModified, source.nextFetchAt, source.language, source.homepageUrl, pages.failed, pages.firstError === null ? null : cutText(pages.firstError, MAX_ERROR_LENGTH), pages.left],
      );
      const distinctItems = [...new Map(items.map((item) => [item.guid, item])).values()];
      // The new items are grouped into stories before they are inserted, so each is written once, with its story.
      // Grouping takes a lock held to the commit (see groupHeadlines): everything that can be done before it is.
      const fresh = await newItemLeads(manager, source.id, distinctItems);
      const placements = await groupHeadlines(
        manager,
        fresh.map(({ index, lead }) => ({ title: distinctItems[index].title, lead, publishedAt: distinctItems[index].publishedAt.getTime() })),
      );
      const placementOf = new Map(fresh.map(({ index }, at) => [distinctItems[index].guid, placements[at]]));
      for (const batch of batches(distinctItems, rowsPerStatement)) {
        const outcome = await upsertNewsItems(manager, source.id, batch, placementOf);
        counts.itemsAdded += outcome.added;
        counts.itemsUpdated += outcome.updated;
        counts.itemsUnchanged += outcome.unchanged;
      }
      if (placements.length > 0) await countSources(manager, placements.map((placement) => placement.storyId));
      return counts;
    });
  }
}

/** Rows written per statement: enough to spare thousands of round trips, few enough to keep a statement's parameters modest. */
const BATCH_ROWS = 500;

/**
 * Rows written per statement on the embedded database, which runs each statement on the thread that serves requests
 * (the event loop takes a turn between statements: pglite-pool.ts): 500 articles of 350 words took 589 ms in one
 * statement there, 100 took 107 ms, so 25 take about 30 ms. Statements there cost no round trip, so more of them
 * cost little.
 */
export const EMBEDDED_BATCH_ROWS = 25;

function batches<T>(rows: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}

/** What one multi-row upsert did: rows it inserted, rows it changed, and rows left as they were. */
interface Outcomes {
  added: number;
  updated: number;
  unchanged: number;
}

/** Counts an upsert's RETURNING rows: each inserted or changed row returns one, an unchanged row none. */
function outcomesOf(rows: { inserted: boolean }[], written: number): Outcomes {
  const added = rows.filter((row) => row.inserted).length;
  return { added, updated: rows.length - added, unchanged: written - rows.length };
}

const isoOrNull = (date: Date | null) => (date === null ? null : date.toISOString());

/** The id of each named category by slug, creating those that are missing, in one insert and one read. */
async function categoryIds(manager: EntityManager, names: (string | null)[]): Promise<Map<string, number>> {
  const bySlug = new Map<string, string>();
  for (const name of names) {
    const slug = name ? slugify(name) : '';
    if (name && slug && !bySlug.has(slug)) bySlug.set(slug, cutText(name.trim(), 100));
  }
  if (bySlug.size === 0) return new Map();
  // Slug order, the same in every transaction, so concurrent refreshes never deadlock on the unique index.
  const slugs = [...bySlug.keys()].sort();
  await manager.query(
    `INSERT INTO category (name, slug) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
    [slugs.map((slug) => bySlug.get(slug)), slugs],
  );
  const rows: { id: number; slug: string }[] = await manager.query('SELECT id, slug FROM category WHERE slug = ANY($1::text[])', [slugs]);
  return new Map(rows.map((row) => [row.slug, row.id]));
}

/** Inserts new articles and rewrites those whose content changed, in one statement; the others stay as they are. */
async function upsertArticles(
  manager: EntityManager,
  sourceId: number,
  articles: ArticleWrite[],
  categories: Map<string, number>,
  entryHashes: ReadonlyMap<string, string>,
): Promise<Outcomes> {
  const column = <T>(value: (article: ArticleWrite) => T) => articles.map(value);
  const texts = textArrayParameter(manager.connection);
  const text = (value: (article: ArticleWrite) => string | null) => texts(articles.map(value));
  const rows: { url: string; inserted: boolean }[] = await manager.query(
    `INSERT INTO article (url, source_id, category_id, title, summary, body, body_text, author, tags, language,
       image_url, published_at, updated_at, attribution, word_count, content_hash, entry_hash)
     SELECT r.url, $1, r.category_id, r.title, r.summary, r.body, r.body_text, r.author,
       ARRAY(SELECT tag FROM jsonb_array_elements_text(r.tags::jsonb) WITH ORDINALITY AS t(tag, n) ORDER BY n),
       r.language, r.image_url, r.published_at, r.updated_at, r.attribution, r.word_count, r.content_hash, r.entry_hash
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::int[], $16::text[], $17::text[])
       AS r(url, category_id, title, summary, body, body_text, author, tags, language, image_url, published_at,
         updated_at, attribution, word_count, content_hash, entry_hash)
     ON CONFLICT (url) DO UPDATE SET title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body,
       body_text = EXCLUDED.body_text, author = EXCLUDED.author, tags = EXCLUDED.tags,
       language = COALESCE(EXCLUDED.language, article.language), image_url = EXCLUDED.image_url,
       updated_at = COALESCE(EXCLUDED.updated_at, now()), attribution = EXCLUDED.attribution,
       word_count = EXCLUDED.word_count, content_hash = EXCLUDED.content_hash, entry_hash = EXCLUDED.entry_hash,
       category_id = COALESCE(EXCLUDED.category_id, article.category_id)
     WHERE article.content_hash IS DISTINCT FROM EXCLUDED.content_hash AND article.source_id = EXCLUDED.source_id
     RETURNING url, (xmax = 0) AS inserted`,
    [
      sourceId,
      text((a) => a.url),
      column((a) => (a.category ? categories.get(slugify(a.category)) ?? null : null)),
      text((a) => a.title),
      text((a) => a.summary),
      text((a) => a.body),
      text((a) => a.bodyText),
      text((a) => a.author),
      // Tags differ in number per article, which a text[][] cannot hold; JSON can, once lone surrogates (which jsonb
      // refuses) are replaced as the text parameters' UTF-8 encoding replaces them.
      text((a) => JSON.stringify(a.tags.map((tag) => tag.replace(/[\ud800-\udfff]/gu, '\ufffd')))),
      text((a) => a.language),
      text((a) => a.imageUrl),
      column((a) => a.publishedAt.toISOString()),
      column((a) => isoOrNull(a.updatedAt)),
      text((a) => a.attribution),
      column((a) => a.wordCount),
      text((a) => a.contentHash),
      text((a) => entryHashes.get(a.url) ?? null),
    ],
  );
  // An article belongs to the source that first stored it (removing that source hands it on): another source's
  // entry or page for the same URL links its news item to the article but never rewrites it, whatever it says.
  // An article whose content came out as stored, derived from an entry it was not stored from (the first
  // refresh after DERIVATION_VERSION changed, or another source's entry), is not rewritten: it only takes that
  // entry's fingerprint, so that the next refresh that finds the same entry keeps it.
  // Rows inserted or rewritten took their fingerprint with the rest; only the others (no RETURNING row) may need it,
  // and only where the content is the same: another source's different text is not this article's fingerprint.
  const written = new Set(rows.map((row) => row.url));
  const fingerprinted = articles.filter((article) => entryHashes.has(article.url) && !written.has(article.url));
  if (fingerprinted.length > 0) {
    await manager.query(
      `UPDATE article a SET entry_hash = r.entry_hash FROM unnest($1::text[], $2::text[], $3::text[]) AS r(url, entry_hash, content_hash)
       WHERE a.url = r.url AND a.content_hash = r.content_hash AND a.entry_hash IS DISTINCT FROM r.entry_hash`,
      [fingerprinted.map((article) => article.url), fingerprinted.map((article) => entryHashes.get(article.url)), fingerprinted.map((article) => article.contentHash)],
    );
  }
  return outcomesOf(rows, articles.length);
}

/**
 * The items of this list that the source does not hold yet (by index), each with its lead: the summary of the
 * article it links to, as this transaction sees it. The caller holds the source's claim, so no other refresh
 * adds to the source's items meanwhile.
 */
async function newItemLeads(manager: EntityManager, sourceId: number, items: NewsItemWrite[]): Promise<{ index: number; lead: string | null }[]> {
  if (items.length === 0) return [];
  return manager.query(
    `SELECT (r.n - 1)::int AS index, a.summary AS lead
     FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(guid, article_url, n)
     LEFT JOIN article a ON a.url = r.article_url
     WHERE NOT EXISTS (SELECT 1 FROM news_item i WHERE i.source_id = $1 AND i.guid = r.guid)
     ORDER BY r.n`,
    [sourceId, items.map((item) => item.guid), items.map((item) => item.articleUrl ?? item.url)],
  );
}

/**
 * Inserts new news items, each with the story grouping placed it in, and updates changed ones, in one statement,
 * each linked to the article stored under its URL.
 */
async function upsertNewsItems(manager: EntityManager, sourceId: number, items: NewsItemWrite[], placements: ReadonlyMap<string, Placement>): Promise<Outcomes> {
  const texts = textArrayParameter(manager.connection);
  const rows: { inserted: boolean }[] = await manager.query(
    `INSERT INTO news_item (source_id, guid, title, url, published_at, article_id, story_id, story_score)
     SELECT $1, r.guid, r.title, r.url, r.published_at, (SELECT id FROM article WHERE url = r.article_url), r.story_id, r.story_score
     FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::int[], $8::float8[])
       AS r(guid, title, url, published_at, article_url, story_id, story_score)
     ON CONFLICT (source_id, guid) DO UPDATE SET title = EXCLUDED.title, url = EXCLUDED.url,
       article_id = COALESCE(EXCLUDED.article_id, news_item.article_id), updated_at = now()
     WHERE news_item.title IS DISTINCT FROM EXCLUDED.title OR news_item.url IS DISTINCT FROM EXCLUDED.url
       OR (EXCLUDED.article_id IS NOT NULL AND news_item.article_id IS DISTINCT FROM EXCLUDED.article_id)
     RETURNING (xmax = 0) AS inserted`,
    [
      sourceId,
      texts(items.map((item) => item.guid)),
      texts(items.map((item) => item.title)),
      texts(items.map((item) => item.url)),
      items.map((item) => item.publishedAt.toISOString()),
      texts(items.map((item) => item.articleUrl ?? item.url)),
      items.map((item) => placements.get(item.guid)?.storyId ?? null),
      items.map((item) => placements.get(item.guid)?.score ?? null),
    ],
  );
  return outcomesOf(rows, items.length);
}
