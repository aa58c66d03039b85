import { setImmediate } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { writeTransaction } from '../db/data-source';
import { BadInputError } from '../domain/errors';
import { DEMO_CATEGORIES, DEMO_SOURCES, FEATURED_ARTICLE, siteOf } from './catalog';
import { HeadlineRegister, STORED_HEADLINE_DIGESTS } from './headline-register';
import type { Topic } from './lexicon';
import { ArticleRow, DemoPlan, DemoRows, NewsItemRow, StoredSource } from './rows';

/** How much demo data to load, and when it was "published". */
export interface DemoOptions {
  articles: number;
  newsItems: number;
  /** Same seed and same database state, same data; defaults to a fixed seed. */
  seed?: number;
  /** Articles and news items are published over the last `days` days before `now`; default 30. */
  days?: number;
  /** Default: the current time. */
  now?: Date;
}

/** The demo sources and categories in place after a load, and the articles and news items it added. */
export interface DemoReport {
  sources: number;
  categories: number;
  articles: number;
  newsItems: number;
}

const DEFAULT_SEED = 20240320;
const DAY_MS = 86_400_000;

/**
 * Above this many articles, bodies aim at 80–200 words instead of 300–900 (each ends with the paragraph that
 * reaches its aim, so a little over): a million full-length articles are four times the text to generate, hash
 * and write, and benchmarks over that many rows measure lists and search, not reading.
 */
const LARGE_LOAD = 50_000;
const FULL_BODY_WORDS = [300, 900] as const;
const SHORT_BODY_WORDS = [80, 200] as const;

/** Words of body per article batch: batches stay a few megabytes whatever the body length. */
const ARTICLE_BATCH_WORDS = 400_000;
const NEWS_ITEM_BATCH = 5_000;

// One statement per batch with one array parameter per column, which PostgreSQL and PGlite both accept;
// tags travel '|'-joined because unnest flattens an array of arrays (no demo tag contains '|').
const INSERT_ARTICLES = `
  INSERT INTO article (url, source_id, category_id, title, summary, body, body_text, author, tags, language,
                       image_url, published_at, updated_at, first_seen_at, attribution, word_count, content_hash)
  SELECT url, source_id, category_id, title, summary, body, body_text, author, string_to_array(tags, '|'), language,
         image_url, published_at, updated_at, first_seen_at, attribution, word_count, content_hash
  FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
              $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::text[],
              $16::int[], $17::text[])
    AS batch (url, source_id, category_id, title, summary, body, body_text, author, tags, language,
            image_url, published_at, updated_at, first_seen_at, attribution, word_count, content_hash)`;

// A linked item finds its article by URL, one index lookup each, whatever the size of the table.
const INSERT_NEWS_ITEMS = `
  INSERT INTO news_item (source_id, guid, title, url, published_at, first_seen_at, article_id)
  SELECT source_id, guid, title, url, published_at, first_seen_at,
         CASE WHEN linked THEN (SELECT article.id FROM article WHERE article.url = batch.url) END
  FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::bool[])
    AS batch (source_id, guid, title, url, published_at, first_seen_at, linked)`;

/**
 * Loads generated demo data: ensures the demo sources and categories exist, then appends articles and news items.
 * Runs in one transaction, so a failed load leaves nothing behind; `onProgress` hears after each batch.
 */
export async function loadDemoData(
  dataSource: DataSource,
  options: DemoOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<DemoReport> {
  const { articles, newsItems, seed = DEFAULT_SEED, days = 30, now = new Date() } = options;
  checkCount('articles', articles);
  checkCount('newsItems', newsItems);
  if (!Number.isInteger(seed)) throw new BadInputError(`Expected seed to be a whole number, got ${seed}`);
  if (!(days > 0)) throw new BadInputError(`Expected days to be a positive number, got ${days}`);
  if (Number.isNaN(now.getTime())) throw new BadInputError('Expected now to be a valid date, got an invalid Date');

  return writeTransaction(dataSource, async (manager) => {
    const sources = await ensureSources(manager);
    const categoryIds = await ensureCategories(manager);
    const plan: DemoPlan = {
      seed,
      now: now.getTime(),
      windowMs: Math.round(days * DAY_MS),
      firstArticleNumber: await unusedNumber(manager, 'article'),
      firstNewsItemNumber: await unusedNumber(manager, 'news_item'),
      articleCount: articles,
      newsItemCount: newsItems,
      featured: articles > 0 && !(await holdsFeaturedArticle(manager)),
      bodyWords: articles > LARGE_LOAD ? SHORT_BODY_WORDS : FULL_BODY_WORDS,
      sources,
      categoryIds,
    };
    const [{ digests }]: { digests: number[] }[] = await manager.query(STORED_HEADLINE_DIGESTS, [sources.map((source) => source.id)]);
    const rows = new DemoRows(plan, new HeadlineRegister(digests));
    const total = articles + newsItems;
    let done = 0;
    const progress = (count: number) => onProgress?.((done += count), total);
    const meanWords = (plan.bodyWords[0] + plan.bodyWords[1]) / 2;
    await insertInBatches(
      articles,
      Math.max(1, Math.floor(ARTICLE_BATCH_WORDS / meanWords)),
      (index) => rows.article(index),
      async (batch) => {
        // Articles go first: a linked news item looks its article up by URL.
        await manager.query(INSERT_ARTICLES, articleColumns(batch.map((row) => row.article)));
        const headlines = batch.flatMap((row) => (row.newsItem ? [row.newsItem] : []));
        if (headlines.length > 0) await manager.query(INSERT_NEWS_ITEMS, newsItemColumns(headlines));
        progress(batch.length + headlines.length);
      },
    );
    await insertInBatches(
      newsItems - rows.linkedNewsItems,
      NEWS_ITEM_BATCH,
      (index) => rows.newsItem(rows.linkedNewsItems + index),
      (batch) => manager.query(INSERT_NEWS_ITEMS, newsItemColumns(batch)).then(() => progress(batch.length)),
    );
    return { sources: sources.length, categories: categoryIds.size, articles, newsItems };
  });
}

/**
 * Builds batch after batch and writes each, building the next while the database writes the previous one.
 * Building yields to the event loop now and then: a batch is megabytes, and the socket sends it only then.
 */
async function insertInBatches<Row>(
  count: number,
  batchSize: number,
  rowAt: (index: number) => Row,
  write: (rows: Row[]) => Promise<void>,
): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < count; from += batchSize) {
    const rows: Row[] = [];
    for (let index = from; index < Math.min(count, from + batchSize); index++) {
      rows.push(rowAt(index));
      if (index % 64 === 63) await setImmediate();
    }
    await writing;
    writing = write(rows);
    // Awaited at the next batch; until then this only keeps a failure from counting as unhandled.
    writing.catch(() => undefined);
  }
  await writing;
}

async function ensureSources(manager: EntityManager): Promise<StoredSource[]> {
  const feedUrls = DEMO_SOURCES.map((source) => siteOf(source) + source.feedPath);
  // Into an empty table, the demo sources are numbered from 1, as the README's examples expect, even when an earlier
  // load was interrupted (a sequence does not roll back with its transaction). The lock keeps anyone else from
  // adding a source until this load commits.
  await manager.query('LOCK TABLE source IN SHARE ROW EXCLUSIVE MODE');
  await manager.query(`SELECT setval(pg_get_serial_sequence('source', 'id'), 1, false) WHERE NOT EXISTS (SELECT 1 FROM source)`);
  // Paused (enabled = false): their example.* feeds do not exist, so the scheduler must not fetch them.
  await manager.query(
    `INSERT INTO source (name, homepage_url, feed_url, kind, language, fetch_interval_seconds, enabled)
     SELECT *, false FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
     ON CONFLICT (feed_url) DO NOTHING`,
    [
      DEMO_SOURCES.map((source) => source.name),
      DEMO_SOURCES.map((source) => `${siteOf(source)}/`),
      feedUrls,
      DEMO_SOURCES.map((source) => source.kind),
      DEMO_SOURCES.map((source) => source.language),
      DEMO_SOURCES.map((source) => source.fetchIntervalSeconds),
    ],
  );
  const stored: { id: number; feed_url: string }[] = await manager.query(
    'SELECT id, feed_url FROM source WHERE feed_url = ANY($1::text[])',
    [feedUrls],
  );
  const ids = new Map(stored.map((row) => [row.feed_url, row.id]));
  return DEMO_SOURCES.map((source, i) => ({ ...source, id: ids.get(feedUrls[i])! }));
}

async function ensureCategories(manager: EntityManager): Promise<Map<Topic, number>> {
  const slugs = DEMO_CATEGORIES.map((category) => category.slug);
  await manager.query(
    `INSERT INTO category (name, slug) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
    [DEMO_CATEGORIES.map((category) => category.name), slugs],
  );
  const stored: { id: number; slug: Topic }[] = await manager.query(
    'SELECT id, slug FROM category WHERE slug = ANY($1::text[])',
    [slugs],
  );
  return new Map(stored.map((row) => [row.slug, row.id]));
}

async function holdsFeaturedArticle(manager: EntityManager): Promise<boolean> {
  const found: unknown[] = await manager.query('SELECT 1 FROM article WHERE url = $1', [FEATURED_ARTICLE.url]);
  return found.length > 0;
}

/**
 * A number above every id the table's sequence has handed out: a load numbers its rows from here, and since
 * those rows take ids above it, the next load starts beyond them (deleted rows or rolled-back loads included).
 */
async function unusedNumber(manager: EntityManager, table: 'article' | 'news_item'): Promise<number> {
  const [row]: { n: number }[] = await manager.query(`SELECT nextval(pg_get_serial_sequence($1, 'id'))::int AS n`, [table]);
  return row.n;
}

function articleColumns(rows: ArticleRow[]): unknown[] {
  return [
    rows.map((row) => row.url),
    rows.map((row) => row.sourceId),
    rows.map((row) => row.categoryId),
    rows.map((row) => row.title),
    rows.map((row) => row.summary),
    rows.map((row) => row.body),
    rows.map((row) => row.bodyText),
    rows.map((row) => row.author),
    rows.map((row) => row.tags.join('|')),
    rows.map((row) => row.language),
    rows.map((row) => row.imageUrl),
    rows.map((row) => isoTime(row.publishedAt)),
    rows.map((row) => (row.updatedAt === null ? null : isoTime(row.updatedAt))),
    rows.map((row) => isoTime(row.firstSeenAt)),
    rows.map((row) => row.attribution),
    rows.map((row) => row.wordCount),
    rows.map((row) => row.contentHash),
  ];
}

function newsItemColumns(rows: NewsItemRow[]): unknown[] {
  return [
    rows.map((row) => row.sourceId),
    rows.map((row) => row.guid),
    rows.map((row) => row.title),
    rows.map((row) => row.url),
    rows.map((row) => isoTime(row.publishedAt)),
    rows.map((row) => isoTime(row.firstSeenAt)),
    rows.map((row) => row.linked),
  ];
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new BadInputError(`Expected ${name} to be a whole number of at least 0, got ${value}`);
}
