/**
 * Live updates filter in memory (services/matches.ts) what the lists filter in SQL: on the demo data, for every
 * filter below, the rows a list holds are exactly the rows the in-memory rule accepts.
 */
import { loadDemoData } from '../../src/demo/demo-data';
import { rebuildStories } from '../../src/db/repositories/story-grouping';
import type { DateRange } from '../../src/domain/date-range';
import { articleMatches, newsItemMatches, storyMatches } from '../../src/services/matches';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;
let sourceIds: number[];
let slugs: string[];
const NOW = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  app = await startTestApp();
  await loadDemoData(app.dataSource, { articles: 300, newsItems: 700, seed: 11, now: NOW });
  await rebuildStories(app.dataSource, new Date(NOW.getTime() - 30 * 86_400_000));
  sourceIds = (await app.dataSource.query('SELECT id FROM source ORDER BY id')).map((r: { id: number }) => r.id);
  slugs = (await app.dataSource.query('SELECT slug FROM category ORDER BY id')).map((r: { slug: string }) => r.slug);
});
afterAll(() => app?.close());

interface Query {
  publishedAt?: DateRange;
  sourceIds?: number[];
  categories?: string[];
  language?: string;
}

const day = 86_400_000;
const window = { from: new Date(NOW.getTime() - 3 * day), to: new Date(NOW.getTime() - day) };

/** Filters of every kind, alone and together, with ends inside the data (made once the data is loaded). */
const QUERIES: [string, () => Query][] = [
  ['no filter', () => ({})],
  ['one source', () => ({ sourceIds: [sourceIds[0]] })],
  ['two sources', () => ({ sourceIds: [sourceIds[1], sourceIds[2]] })],
  ['a category', () => ({ categories: [slugs[0]] })],
  ['two categories, in upper case', () => ({ categories: [slugs[1].toUpperCase(), slugs[2]] })],
  ['a language', () => ({ language: 'de' })],
  ['a language in another case', () => ({ language: 'FR' })],
  ['from only', () => ({ publishedAt: { from: window.from } })],
  ['to only', () => ({ publishedAt: { to: window.to } })],
  ['a window', () => ({ publishedAt: window })],
  ['everything at once', () => ({ publishedAt: { from: new Date(NOW.getTime() - 10 * day) }, sourceIds: sourceIds.slice(0, 4), categories: slugs.slice(0, 3), language: 'en' })],
];

/** Every row of a list, page after page. */
async function everything<Row extends { id: number }>(list: (after: string | null) => Promise<{ rows: Row[]; hasNextPage: boolean; cursorOf: (row: Row) => string }>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let after: string | null = null; ; ) {
    const page = await list(after);
    rows.push(...page.rows);
    if (!page.hasNextPage) return rows;
    after = page.cursorOf(page.rows[page.rows.length - 1]);
  }
}

const ids = (rows: { id: number }[]) => rows.map((row) => row.id).sort((a, b) => a - b);

describe.each(QUERIES)('with %s', (_name, made) => {
  let query: Query;
  beforeAll(() => {
    query = made();
  });

  it('articleMatches accepts exactly the articles the list holds', async () => {
    const { articles } = app.services;
    const listed = await everything((after) => articles.list(query, { first: 100, after }));
    const all = await everything((after) => articles.list({}, { first: 100, after }));
    const filter = await articles.checkedFilter(query);
    expect(ids(all.filter((row) => articleMatches(filter, row)))).toEqual(ids(listed));
  });

  it('newsItemMatches accepts exactly the news items the list holds', async () => {
    const { newsItems } = app.services;
    const newsQuery = { publishedAt: query.publishedAt, sourceIds: query.sourceIds };
    const listed = await everything((after) => newsItems.list(newsQuery, { first: 100, after }));
    const all = await everything((after) => newsItems.list({}, { first: 100, after }));
    const filter = await newsItems.checkedFilter(newsQuery);
    expect(ids(all.filter((row) => newsItemMatches(filter, row)))).toEqual(ids(listed));
  });

  it('storyMatches accepts exactly the stories the list holds', async () => {
    const { stories } = app.services;
    const listed = await everything((after) => stories.list(query, 'NEWEST', { first: 100, after }));
    const all = await everything((after) => stories.list({}, 'NEWEST', { first: 100, after }));
    expect(all.length).toBeGreaterThan(0);
    const filter = await stories.checkedFilter(query);
    const items = await stories.itemFacets(all.map((row) => row.id));
    expect(ids(all.filter((_row, i) => storyMatches(filter, items[i])))).toEqual(ids(listed));
  });
});
