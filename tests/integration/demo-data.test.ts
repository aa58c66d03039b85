import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '../../src/db/data-source';
import { contentHash } from '../../src/domain/content-hash';
import { DEMO_CATEGORIES, DEMO_SOURCES, FEATURED_ARTICLE } from '../../src/demo/catalog';
import { DemoReport, loadDemoData } from '../../src/demo/demo-data';
import { groupRecentStories } from '../../src/db/repositories/story-grouping';
import { STORED_HEADLINE_DIGESTS, headlineDigest } from '../../src/demo/headline-register';
import type { ArticleListFilter } from '../../src/db/repositories/article.repository';
import { ARTICLES, SearchRepository } from '../../src/db/repositories/search.repository';
import { Sql } from '../../src/db/sql';
import type { ArticleSearchRow } from '../../src/domain/rows';
import { createTestDatabase, TestDatabase } from '../helpers/database';

const NOW = new Date('2026-03-20T16:00:00.000Z');
const THIRTY_DAYS_BEFORE = new Date(NOW.getTime() - 30 * 86_400_000);

/** Each (source, title) listed more than once: a source's headlines are its news items, and its articles that have none. */
const DUPLICATE_HEADLINES = `
  SELECT source_id, title, count(*)::int AS times
  FROM (SELECT source_id, title FROM news_item UNION ALL
        SELECT source_id, title FROM article a
        WHERE NOT EXISTS (SELECT 1 FROM news_item n WHERE n.article_id = a.id AND n.source_id = a.source_id)) headline
  GROUP BY source_id, title HAVING count(*) > 1`;

let database: TestDatabase;
let db: DataSource;
let report: DemoReport;
const progress: [number, number][] = [];

async function count(sql: string): Promise<number> {
  const [row] = await db.query(`SELECT (${sql})::int AS n`);
  return row.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDataSource(database.target);
  await openDatabase(db);
  // An earlier load interrupted (Ctrl-C on a first start) took numbers from the sequence and stored nothing.
  await db.query(`SELECT nextval(pg_get_serial_sequence('source', 'id')) FROM generate_series(1, 33)`);
  report = await loadDemoData(db, { articles: 300, newsItems: 700, seed: 7, now: NOW }, (done, total) =>
    progress.push([done, total]),
  );
});

afterAll(async () => {
  await db?.destroy();
  await database?.dispose();
});

describe('loadDemoData', () => {
  it('creates the catalog\'s 10 sources and 8 categories, paused', async () => {
    expect(await db.query('SELECT name, enabled FROM source ORDER BY id')).toEqual(DEMO_SOURCES.map(({ name }) => ({ name, enabled: false })));
    expect(await db.query('SELECT name, slug FROM category ORDER BY id')).toEqual(DEMO_CATEGORIES);
    expect([DEMO_SOURCES.length, DEMO_CATEGORIES.length]).toEqual([10, 8]);
    expect(report).toEqual({ sources: 10, categories: 8, articles: 300, newsItems: 700 });
  });

  it('numbers the sources from 1 in an empty database, even after an interrupted load (the README\'s IDs name them)', async () => {
    const rows: { id: number; name: string }[] = await db.query('SELECT id, name FROM source ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(DEMO_SOURCES.map((_, index) => index + 1));
    expect(rows[0].name).toBe(DEMO_SOURCES[0].name);
  });

  it('adds the requested number of articles and news items', async () => {
    expect(await count('SELECT count(*) FROM article')).toBe(300);
    expect(await count('SELECT count(*) FROM news_item')).toBe(700);
    expect(report).toMatchObject({ articles: 300, newsItems: 700 });
  });

  it('lists each article once in its own source\'s news line, with its title, URL and publication time', async () => {
    expect(await count('SELECT count(*) FROM news_item WHERE article_id IS NOT NULL')).toBe(301);
    expect(await count('SELECT count(*) FROM news_item WHERE article_id IS NULL')).toBe(399);
    const ownHeadlines = `SELECT count(*) FROM news_item n WHERE n.article_id = a.id AND n.source_id = a.source_id`;
    expect(await count(`SELECT count(*) FROM article a WHERE (${ownHeadlines}) <> 1`)).toBe(0);
    const mismatched = `SELECT count(*) FROM news_item n JOIN article a ON a.id = n.article_id AND a.source_id = n.source_id
      WHERE (n.title, n.url, n.published_at) IS DISTINCT FROM (a.title, a.url, a.published_at)`;
    expect(await count(mismatched)).toBe(0);
  });

  it('writes the featured article the README reads, listed by its source and by one other', async () => {
    const [article] = await db.query('SELECT id, title, attribution, published_at FROM article WHERE url = $1', [FEATURED_ARTICLE.url]);
    expect(article).toEqual({
      id: expect.any(Number),
      title: 'Port Averly opens its new harbour bridge',
      attribution: 'Continental Press Agency',
      published_at: new Date(NOW.getTime() - 2 * 3_600_000),
    });
    const listedBy = await db.query(
      'SELECT s.name, n.title, n.url FROM news_item n JOIN source s ON s.id = n.source_id WHERE n.article_id = $1 ORDER BY s.name',
      [article.id],
    );
    expect(listedBy).toEqual([
      { name: 'Evening Bulletin', title: FEATURED_ARTICLE.title, url: FEATURED_ARTICLE.url },
      { name: 'The Harbour Herald', title: FEATURED_ARTICLE.title, url: FEATURED_ARTICLE.url },
    ]);
    // Its body tells of the bridge its headline names, not of another topic's events.
    const [{ mentions }] = await db.query(
      `SELECT (length(body_text) - length(replace(body_text, 'harbour bridge', ''))) / length('harbour bridge') AS mentions FROM article WHERE id = $1`,
      [article.id],
    );
    expect(Number(mentions)).toBeGreaterThanOrEqual(2);
  });

  it('never lists the same headline twice in a source, whether of an article or of a news item', async () => {
    expect(await db.query(DUPLICATE_HEADLINES)).toEqual([]);
  });

  it('publishes everything within the 30 days before now', async () => {
    for (const table of ['article', 'news_item']) {
      const [range] = await db.query(`SELECT min(published_at) AS first, max(published_at) AS last FROM ${table}`);
      expect(new Date(range.first).getTime()).toBeGreaterThanOrEqual(THIRTY_DAYS_BEFORE.getTime());
      expect(new Date(range.last).getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it('writes non-empty bodies whose word count and hash match their text', async () => {
    expect(await count(`SELECT count(*) FROM article WHERE body = '' OR body_text = '' OR word_count <= 0`)).toBe(0);
    expect(await count('SELECT count(*) FROM article WHERE body IS NULL OR body_text IS NULL')).toBe(0);
    const rows: { title: string; body_text: string; summary: string | null; content_hash: string }[] = await db.query(
      'SELECT title, body_text, summary, content_hash FROM article',
    );
    // The hash a refresh computes, so a demo article a feed brings again is recognized as unchanged.
    const wrong = rows.filter((row) => row.content_hash !== contentHash({ title: row.title, bodyText: row.body_text, summary: row.summary }));
    expect({ articles: rows.length, wrong }).toEqual({ articles: 300, wrong: [] });
  });

  it('reports progress after each batch, ending at the total', () => {
    // One batch of 300 articles with their 300 headlines, then one of the other 400 news items.
    expect(progress).toEqual([
      [600, 1000],
      [1000, 1000],
    ]);
  });

  it('writes stories that several sources report, so that a search for their words finds them across sources', async () => {
    // Words only the stories use; each story's articles come from more than one source, in more than one language.
    const search = new SearchRepository(new Sql(db));
    const filter = { from: null, to: null, sourceIds: null, categorySlugs: null, language: null };
    const reach = async (query: string) => {
      const { rows } = await search.relevant<ArticleListFilter, ArticleSearchRow>(ARTICLES, { query, filter, asOf: NOW }, { window: { direction: 'forward', size: 100 }, after: null, before: null });
      return { articles: rows.length, sources: new Set(rows.map((row) => row.source_id)).size, languages: new Set(rows.map((row) => row.language)).size };
    };
    const reaches = { hester: await reach('Hester'), lumiere: await reach('Lumiere'), recall: await reach('Lindqvist recall'), election: await reach('Valdoria election') };
    for (const found of Object.values(reaches)) expect(found).toEqual({ articles: expect.any(Number), sources: expect.any(Number), languages: expect.any(Number) });
    expect(Object.values(reaches).every((found) => found.sources >= 2)).toBe(true);
    expect(Math.max(...Object.values(reaches).map((found) => found.languages))).toBeGreaterThanOrEqual(2);
  });

  it('appends more articles and news items when loaded again, reusing the sources and categories', async () => {
    const sources = await count('SELECT count(*) FROM source');
    const categories = await count('SELECT count(*) FROM category');
    await loadDemoData(db, { articles: 300, newsItems: 700, seed: 7, now: NOW });
    expect(await count('SELECT count(*) FROM article')).toBe(600);
    expect(await count('SELECT count(*) FROM news_item')).toBe(1400);
    expect(await count('SELECT count(*) FROM source')).toBe(sources);
    expect(await count('SELECT count(*) FROM category')).toBe(categories);
  });

  it('digests stored headlines in SQL as the generator digests new ones (accents and umlauts included)', async () => {
    const [{ id }] = await db.query(`SELECT id FROM source WHERE name = 'Rheinblick Nachrichten'`);
    const [{ digests }] = await db.query(STORED_HEADLINE_DIGESTS, [[id]]);
    const stored: { title: string }[] = await db.query(
      'SELECT title FROM article WHERE source_id = $1 UNION ALL SELECT title FROM news_item WHERE source_id = $1',
      [id],
    );
    expect(stored.some(({ title }) => /[äöüß]/.test(title))).toBe(true);
    const byNumber = (a: number, b: number) => a - b;
    expect([...digests].sort(byNumber)).toEqual(stored.map(({ title }) => headlineDigest(id, title)).sort(byNumber));
  });

  it('writes the featured article only once, and repeats no headline of the earlier load', async () => {
    expect(await count(`SELECT count(*) FROM article WHERE url = '${FEATURED_ARTICLE.url}'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM news_item WHERE url = '${FEATURED_ARTICLE.url}'`)).toBe(2);
    expect(await db.query(DUPLICATE_HEADLINES)).toEqual([]);
  });

  it('groups a load of the last days into stories without ungrouping or renumbering the stories already there', async () => {
    // Dated up to the real now: groupRecentStories groups the last 72 hours before it.
    await loadDemoData(db, { articles: 100, newsItems: 300, seed: 11 });
    const first = await groupRecentStories(db);
    const grouped: { id: number; story_id: number }[] = await db.query('SELECT id, story_id FROM news_item WHERE story_id IS NOT NULL ORDER BY id');
    const stories: { id: number }[] = await db.query('SELECT id FROM story ORDER BY id');
    expect(stories.length).toBeGreaterThan(0);
    // Its report counts news items and stories apart (the demo's log line says both).
    expect(first).toEqual({ newsItemsGrouped: grouped.length, stories: stories.length });

    await loadDemoData(db, { articles: 100, newsItems: 300, seed: 12 });
    expect((await groupRecentStories(db)).newsItemsGrouped).toBeGreaterThan(0);
    const ids = new Set((await db.query('SELECT id FROM story')).map((row: { id: number }) => row.id));
    expect(stories.filter(({ id }) => !ids.has(id))).toEqual([]);
    const regrouped: { id: number; story_id: number }[] = await db.query('SELECT id, story_id FROM news_item WHERE id = ANY($1::int[]) ORDER BY id', [grouped.map((row) => row.id)]);
    expect(regrouped).toEqual(grouped);
    expect(await count(`SELECT count(*) FROM news_item WHERE story_id IS NULL AND published_at >= now() - interval '71 hours'`)).toBe(0);
  });
});
