import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource, openDatabase } from '../../src/db/data-source';
import { DemoReport, loadDemoData } from '../../src/demo/demo-data';

jest.setTimeout(60_000);

const NOW = new Date('2026-03-20T16:00:00.000Z');
const THIRTY_DAYS_BEFORE = new Date(NOW.getTime() - 30 * 86_400_000);

/** PGlite in memory, or the PostgreSQL database named by TEST_DATABASE_URL with its schema emptied first. */
async function openTestDatabase(): Promise<DataSource> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? null;
  const dataSource = createDataSource({ databaseUrl, databaseReplicaUrls: [], databasePoolSize: 2, dataDir: 'memory://' });
  if (databaseUrl) {
    await dataSource.initialize();
    await dataSource.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  }
  await openDatabase(dataSource);
  return dataSource;
}

let db: DataSource;
let report: DemoReport;
const progress: [number, number][] = [];

async function count(sql: string): Promise<number> {
  const [row] = await db.query(`SELECT (${sql})::int AS n`);
  return row.n;
}

beforeAll(async () => {
  db = await openTestDatabase();
  report = await loadDemoData(db, { articles: 300, newsItems: 700, seed: 7, now: NOW }, (done, total) =>
    progress.push([done, total]),
  );
});

afterAll(async () => {
  await db?.destroy();
});

describe('loadDemoData', () => {
  it('creates at least 8 sources and 5 categories', async () => {
    expect(await count('SELECT count(*) FROM source')).toBeGreaterThanOrEqual(8);
    expect(await count('SELECT count(*) FROM category')).toBeGreaterThanOrEqual(5);
    expect(report.sources).toBe(await count('SELECT count(*) FROM source'));
    expect(report.categories).toBe(await count('SELECT count(*) FROM category'));
  });

  it('adds the requested number of articles and news items', async () => {
    expect(await count('SELECT count(*) FROM article')).toBe(300);
    expect(await count('SELECT count(*) FROM news_item')).toBe(700);
    expect(report).toMatchObject({ articles: 300, newsItems: 700 });
  });

  it('links some news items to articles, with the article’s title, URL and publication time', async () => {
    expect(await count('SELECT count(*) FROM news_item WHERE article_id IS NOT NULL')).toBeGreaterThan(100);
    expect(await count('SELECT count(*) FROM news_item WHERE article_id IS NULL')).toBeGreaterThan(100);
    const mismatched = `SELECT count(*) FROM news_item n JOIN article a ON a.id = n.article_id
      WHERE (n.title, n.url, n.published_at, n.source_id) IS DISTINCT FROM (a.title, a.url, a.published_at, a.source_id)`;
    expect(await count(mismatched)).toBe(0);
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
    const badHash = `SELECT count(*) FROM article WHERE content_hash <> encode(sha256(convert_to(body_text, 'UTF8')), 'hex')`;
    expect(await count(badHash)).toBe(0);
  });

  it('reports progress after each batch, ending at the total', () => {
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[progress.length - 1]).toEqual([1000, 1000]);
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
});
