import type { DataSource } from 'typeorm';
import { defaultCorpusFile, loadHeadlines } from '../../bench/stories/corpus';
import { createDataSource, openDatabase, writeTransaction } from '../../src/db/data-source';
import { IngestRepository, type NewsItemWrite } from '../../src/db/repositories/ingest.repository';
import { countSources, groupHeadlines, rebuildStories } from '../../src/db/repositories/story-grouping';
import { StoryGrouper } from '../../src/domain/stories/grouper';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { insertSource } from '../helpers/fixtures';

let database: TestDatabase;
let dataSource: DataSource;
let repository: IngestRepository;
const headlines = loadHeadlines(defaultCorpusFile());

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource(database.target);
  await openDatabase(dataSource);
  repository = new IngestRepository(dataSource);
}, 120_000);
afterAll(async () => {
  await repository?.close();
  await dataSource?.destroy();
  await database?.dispose();
});
beforeEach(async () => {
  await dataSource.query('DELETE FROM news_item');
  await dataSource.query('DELETE FROM story');
  await dataSource.query('DELETE FROM story_term_stat');
});

const item = (headline: { id: string; title: string; publishedAt: number }): NewsItemWrite => ({
  guid: `corpus-${headline.id}`,
  title: headline.title,
  url: `https://news.example/${headline.id}`,
  publishedAt: new Date(headline.publishedAt),
  articleUrl: null,
});

async function store(sourceId: number, items: NewsItemWrite[]): Promise<void> {
  await repository.commit({ id: sourceId, etag: null, lastModified: null, nextFetchAt: new Date(), language: 'en', homepageUrl: null }, [], items);
}

const storyOf = async (guid: string) =>
  (await dataSource.query('SELECT story_id AS "storyId", story_score AS score FROM news_item WHERE guid = $1', [guid]))[0];

describe('stories grouped at ingest, in the transaction that stores the items', () => {
  it('groups as the in-memory grouper of bench:stories does: the same partition of 300 real headlines', async () => {
    const slice = headlines.slice(0, 300);
    const source = await insertSource(dataSource);
    for (let start = 0; start < slice.length; start += 50) await store(source.id, slice.slice(start, start + 50).map(item));
    const rows: { guid: string; storyId: number }[] = await dataSource.query('SELECT guid, story_id AS "storyId" FROM news_item');
    const stored = new Map(rows.map((row) => [row.guid, row.storyId]));
    const grouper = new StoryGrouper();
    const expected = slice.map((headline) => grouper.add(headline).storyId);
    const actual = slice.map((headline) => stored.get(`corpus-${headline.id}`)!);
    // Same partition: two headlines share a story in the database exactly when they do in memory.
    const pairs = (ids: number[]) => ids.map((id, i) => ids.map((other, j) => (j > i ? id === other : false)).join(''));
    expect(pairs(actual)).toEqual(pairs(expected));
    expect(new Set(actual).size).toBeGreaterThan(3);
  });

  it('rebuild groups again the same way, and groups the items stored before stories existed, with progress', async () => {
    const slice = headlines.slice(300, 500);
    const source = await insertSource(dataSource);
    await store(source.id, slice.map(item));
    const partition = async () =>
      (await dataSource.query(
        `SELECT string_agg(guid, ',' ORDER BY guid) AS members FROM news_item GROUP BY story_id ORDER BY 1`,
      )).map((row: { members: string }) => row.members);
    const before = await partition();
    // Items of a database older than stories: none grouped, no statistics.
    await dataSource.query('UPDATE news_item SET story_id = NULL, story_score = NULL');
    await dataSource.query('DELETE FROM story');
    await dataSource.query('DELETE FROM story_term_stat');
    const progress: [number, number][] = [];
    const grouped = await rebuildStories(dataSource, new Date(slice[0].publishedAt), (done, total) => progress.push([done, total]));
    expect(grouped).toBe(200);
    expect(progress[0]).toEqual([0, 200]);
    expect(progress[progress.length - 1]).toEqual([200, 200]);
    expect(await partition()).toEqual(before);
    // Rebuilding a window that is grouped already changes nothing either.
    await rebuildStories(dataSource, new Date(slice[100].publishedAt));
    expect(await partition()).toEqual(before);
  });

  it('records the score an item joined with, and none for the item that started the story; counts items and sources', async () => {
    const [a, b] = [await insertSource(dataSource), await insertSource(dataSource)];
    const t0 = Date.UTC(2026, 10, 30, 8);
    await store(a.id, [item({ id: 'a1', title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', publishedAt: t0 })]);
    await store(b.id, [item({ id: 'b1', title: 'NSA leaker Snowden says at SXSW he has no regrets', publishedAt: t0 + 60_000 })]);
    const [first, second] = [await storyOf('corpus-a1'), await storyOf('corpus-b1')];
    expect(first.score).toBeNull();
    expect(second.storyId).toBe(first.storyId);
    expect(second.score).toBeGreaterThanOrEqual(0.25);
    const [story] = await dataSource.query('SELECT title, item_count, source_count FROM story WHERE id = $1', [first.storyId]);
    expect(story).toEqual({ title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', item_count: 2, source_count: 2 });
  });

  it('two items of one story stored by two transactions at once end up in one story', async () => {
    const [a, b] = [await insertSource(dataSource), await insertSource(dataSource)];
    const t0 = Date.UTC(2026, 10, 30, 9);
    let grouped!: () => void;
    const firstGrouped = new Promise<void>((resolve) => (grouped = resolve));
    // The first transaction groups its item and holds on before committing; the second stores and groups its own
    // meanwhile. Without the grouping lock the second would not see the first's story and start its own.
    const first = writeTransaction(dataSource, async (manager) => {
      const title = 'Malaysia Airlines flight MH370 missing over South China Sea';
      const [placement] = await groupHeadlines(manager, [{ title, lead: null, publishedAt: t0 }]);
      await manager.query(
        `INSERT INTO news_item (source_id, guid, title, url, published_at, story_id, story_score) VALUES ($1, 'x1', $2, 'https://x.example/1', $3, $4, $5)`,
        [a.id, title, new Date(t0), placement.storyId, placement.score],
      );
      await countSources(manager, [placement.storyId]);
      grouped();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await firstGrouped;
    const second = store(b.id, [item({ id: 'x2', title: 'Malaysia Airlines MH370 still missing over South China Sea', publishedAt: t0 + 60_000 })]);
    await Promise.all([first, second]);
    const rows: { storyId: number }[] = await dataSource.query(`SELECT story_id AS "storyId" FROM news_item WHERE guid IN ('x1', 'corpus-x2')`);
    expect(rows).toHaveLength(2);
    expect(rows[0].storyId).toBe(rows[1].storyId);
  });
});
