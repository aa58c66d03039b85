/**
 * A language filter is a range (RFC 4647 §3.3.1 basic filtering), the same in SQL (repositories/language-range.ts) and
 * in memory (inLanguageRange): "en" finds "en-gb" and "en-us" articles, "en-gb" does not find "en-us", in every list
 * and live update that takes a language.
 */
import { Conditions } from '../../src/db/repositories/conditions';
import { addLanguageRange } from '../../src/db/repositories/language-range';
import { NewsItemEntity, StoryEntity } from '../../src/db/entities';
import { inLanguageRange } from '../../src/domain/language-tag';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticle, insertNewsItem, insertSource } from '../helpers/fixtures';
import { LANGUAGE_RANGE_CASES } from '../helpers/language-ranges';
import { liveClient, subscribe, subscriptionsRunning } from '../helpers/live-client';

let app: TestApp;
let sourceId: number;
const AT = new Date('2026-11-20T12:00:00Z');
const TAGS = ['en', 'en-gb', 'en-us', 'en-gb-oxendict', 'eng', 'de'];
/** Each tag's article, titled after it ("Quillmarsh tide en-gb"); newest first in the order of TAGS. */
const titleOf = (tag: string) => `Quillmarsh tide ${tag}`;

beforeAll(async () => {
  app = await startTestApp();
  sourceId = (await insertSource(app.dataSource)).id;
  for (const [i, tag] of TAGS.entries()) {
    const publishedAt = new Date(AT.getTime() - i * 60_000);
    const article = await insertArticle(app.dataSource, { sourceId, publishedAt, language: tag, title: titleOf(tag), bodyText: 'Tide tables for the Quillmarsh estuary.' });
    const story = await app.dataSource.getRepository(StoryEntity).save({ title: titleOf(tag), firstPublishedAt: publishedAt, lastPublishedAt: publishedAt, topAt: publishedAt, itemCount: 1, sourceCount: 1 });
    await insertNewsItem(app.dataSource, { sourceId, publishedAt, title: titleOf(tag), articleId: article.id, storyId: story.id });
  }
});
afterAll(() => app?.close());

/** The titles each range finds, for the tags of TAGS, in their order. */
const FOUND: [range: string, tags: string[]][] = [
  ['en', ['en', 'en-gb', 'en-us', 'en-gb-oxendict']],
  ['EN', ['en', 'en-gb', 'en-us', 'en-gb-oxendict']],
  ['en-GB', ['en-gb', 'en-gb-oxendict']],
];

describe('the SQL condition and inLanguageRange', () => {
  it.each([...new Set(LANGUAGE_RANGE_CASES.map(([range]) => range))])('agree on every case of the range %j', async (range) => {
    const cases = LANGUAGE_RANGE_CASES.filter(([r]) => r === range);
    const conditions = addLanguageRange(new Conditions(), 't.tag', range);
    conditions.values.push(cases.map(([, tag]) => tag));
    const rows: { tag: string }[] = await app.dataSource.query(
      `SELECT t.tag FROM unnest($${conditions.values.length}::text[]) AS t(tag) ${conditions.clause}`,
      conditions.values,
    );
    const taken = cases.map(([, tag]) => rows.some((row) => row.tag === tag));
    expect(taken).toEqual(cases.map(([, tag]) => inLanguageRange(tag, range)));
    expect(taken).toEqual(cases.map(([, , inRange]) => inRange));
  });
});

describe.each(FOUND)('the range %j', (range, tags) => {
  const titles = tags.map(titleOf);

  it('lists the articles in it, newest first, and counts them', async () => {
    const { body } = await app.graphql('query ($l: String) { articles(first: 100, filter: { language: $l }) { totalCount nodes { title } } }', { l: range });
    expect(body.data.articles).toEqual({ totalCount: tags.length, nodes: titles.map((title) => ({ title })) });
  });

  it('searches the articles in it', async () => {
    const { body } = await app.graphql('query ($l: String) { searchArticles(query: "Quillmarsh", orderBy: NEWEST, first: 100, filter: { language: $l }) { nodes { title } } }', { l: range });
    expect(body.data.searchArticles.nodes).toEqual(titles.map((title) => ({ title })));
  });

  it.each(['NEWEST', 'TOP'])('lists the stories with a headline whose article is in it (%s)', async (orderBy) => {
    const { body } = await app.graphql('query ($l: String, $o: StoryOrder) { stories(orderBy: $o, first: 100, filter: { language: $l }) { totalCount nodes { title } } }', { l: range, o: orderBy });
    expect(body.data.stories).toEqual({ totalCount: tags.length, nodes: titles.map((title) => ({ title })) });
  });
});

describe('live updates', () => {
  const clients: ReturnType<typeof liveClient>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await subscriptionsRunning(app.url, 0, 10_000, 'at most');
  });

  /** Subscribes with each range of FOUND, stores one article per tag of TAGS, and gives the titles each subscription received. */
  async function received(subscription: string, store: (tag: string, at: Date) => Promise<unknown>, field: string): Promise<Record<string, string[]>> {
    const client = liveClient(app.url);
    clients.push(client);
    const live = FOUND.map(([range]) => subscribe(client, subscription, { filter: { language: range } }));
    await subscriptionsRunning(app.url, FOUND.length);
    const now = Date.now();
    for (const [i, tag] of TAGS.entries()) await store(tag, new Date(now - i * 1000));
    await Promise.all(live.map((subscription, i) => subscription.waitFor(FOUND[i][1].length)));
    // Nothing more comes.
    await new Promise((done) => setTimeout(done, 300));
    return Object.fromEntries(FOUND.map(([range], i) => [range, live[i].results.map((event) => event.data?.[field]?.node.title)]));
  }

  const expected = Object.fromEntries(FOUND.map(([range, tags]) => [range, tags.map((tag) => `Live ${tag}`)]));

  it('articleAdded pushes the articles in the range', async () => {
    const titles = await received(
      'subscription ($filter: ArticleFilter) { articleAdded(filter: $filter) { node { title } } }',
      (tag, publishedAt) => insertArticle(app.dataSource, { sourceId, publishedAt, language: tag, title: `Live ${tag}` }),
      'articleAdded',
    );
    expect(titles).toEqual(expected);
  });

  it('storyUpdated pushes the stories with a headline whose article is in the range', async () => {
    const titles = await received(
      'subscription ($filter: StoryFilter) { storyUpdated(filter: $filter) { node { title } } }',
      (tag, publishedAt) => insertArticle(app.dataSource, { sourceId, publishedAt, language: tag, title: `Live article ${tag}` }).then((article) =>
        app.dataSource.transaction(async (manager) => {
          const story = await manager.getRepository(StoryEntity).save({ title: `Live ${tag}`, firstPublishedAt: publishedAt, lastPublishedAt: publishedAt, topAt: publishedAt, itemCount: 1, sourceCount: 1 });
          await manager.getRepository(NewsItemEntity).save({ sourceId, guid: `live-${tag}`, url: `https://e.example/live-${tag}`, publishedAt, title: `Live ${tag}`, articleId: article.id, storyId: story.id });
        })),
      'storyUpdated',
    );
    expect(titles).toEqual(expected);
  });
});
