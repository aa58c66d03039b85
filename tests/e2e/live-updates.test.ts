import { insertArticle, insertCategory, insertNewsItem, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';
import { liveClient, subscribe, subscriptionsRunning } from '../helpers/live-client';
import { toGlobalId } from '../../src/domain/global-id';

let app: TestApp;
const clients: ReturnType<typeof liveClient>[] = [];
const client = () => {
  const made = liveClient(app.url);
  clients.push(made);
  return made;
};

beforeAll(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await subscriptionsRunning(app.url, 0, 10_000, 'at most');
});
afterAll(async () => {
  await app?.close();
});

const ARTICLE_ADDED = `subscription ($filter: ArticleFilter, $after: String) {
  articleAdded(filter: $filter, after: $after) { cursor node { id title source { name } category { slug } } }
}`;

describe('articleAdded', () => {
  it('pushes an article stored after the subscription started, with its relations and a cursor', async () => {
    const source = await insertSource(app.dataSource, { name: 'Live desk' });
    const live = subscribe(client(), ARTICLE_ADDED);
    await subscriptionsRunning(app.url, 1);
    const article = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Pushed' });
    const [event] = await live.waitFor(1);
    expect(event.data?.articleAdded).toEqual({
      cursor: expect.any(String),
      node: { id: toGlobalId('Article', article.id), title: 'Pushed', source: { name: 'Live desk' }, category: null },
    });
    expect(event.errors).toBeUndefined();
  });

  it('pushes only what the articles list with the same filter would hold', async () => {
    const [wanted, other] = [await insertSource(app.dataSource), await insertSource(app.dataSource)];
    const world = await insertCategory(app.dataSource, { slug: 'world-live' });
    const filter = { sourceIds: [toGlobalId('Source', wanted.id)], categories: ['world-live'], language: 'en', publishedAt: { from: '2024-01-01T00:00:00Z' } };
    const live = subscribe(client(), ARTICLE_ADDED, { filter });
    await subscriptionsRunning(app.url, 1);
    const now = new Date();
    await insertArticle(app.dataSource, { sourceId: other.id, categoryId: world.id, publishedAt: now, title: 'Other source' });
    await insertArticle(app.dataSource, { sourceId: wanted.id, categoryId: null, publishedAt: now, title: 'No category' });
    await insertArticle(app.dataSource, { sourceId: wanted.id, categoryId: world.id, publishedAt: now, language: 'de', title: 'Other language' });
    await insertArticle(app.dataSource, { sourceId: wanted.id, categoryId: world.id, publishedAt: new Date('2023-12-31T23:59:59Z'), title: 'Too old' });
    await insertArticle(app.dataSource, { sourceId: wanted.id, categoryId: world.id, publishedAt: now, title: 'Matches' });
    const [event] = await live.waitFor(1);
    expect(event.data?.articleAdded.node.title).toBe('Matches');
    // The list with the same filter holds the same articles.
    const list = await app.graphql('query ($filter: ArticleFilter) { articles(filter: $filter) { nodes { title } } }', { filter });
    expect(list.body.data.articles.nodes).toEqual([{ title: 'Matches' }]);
    // Nothing else came, although later articles did.
    const after = await insertArticle(app.dataSource, { sourceId: wanted.id, categoryId: world.id, publishedAt: now, title: 'Matches too' });
    const [, second] = await live.waitFor(2);
    expect(second.data?.articleAdded.node.id).toBe(toGlobalId('Article', after.id));
  });

  it('refuses a filter as the list does: a source that does not exist', async () => {
    const live = subscribe(client(), ARTICLE_ADDED, { filter: { sourceIds: [toGlobalId('Source', 999_999)] } });
    const [result] = await live.waitFor(1);
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', expect.stringContaining('names no existing source')]]);
    await live.ended;
  });
});

describe('resuming with after', () => {
  it('sends what was missed, then live events, none twice and none skipped', async () => {
    const source = await insertSource(app.dataSource);
    const first = subscribe(client(), ARTICLE_ADDED);
    await subscriptionsRunning(app.url, 1);
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Seen' });
    const [seen] = await first.waitFor(1);
    first.stop();
    // Stored while the client was away.
    const missed = [];
    for (const title of ['Missed 1', 'Missed 2', 'Missed 3']) missed.push(await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title }));
    const resumed = subscribe(client(), ARTICLE_ADDED, { after: seen.data?.articleAdded.cursor });
    const caughtUp = await resumed.waitFor(3);
    expect(caughtUp.map((r) => r.data?.articleAdded.node.title)).toEqual(['Missed 1', 'Missed 2', 'Missed 3']);
    await subscriptionsRunning(app.url, 1);
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Live again' });
    const all = await resumed.waitFor(4);
    expect(all.map((r) => r.data?.articleAdded.node.title)).toEqual(['Missed 1', 'Missed 2', 'Missed 3', 'Live again']);
    const cursors = all.map((r) => r.data?.articleAdded.cursor);
    expect(new Set(cursors).size).toBe(4);
  });

  it('refuses a cursor that is not one', async () => {
    const live = subscribe(client(), ARTICLE_ADDED, { after: 'bm90IGEgY3Vyc29y' });
    const [result] = await live.waitFor(1);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('newsItemAdded and storyUpdated', () => {
  it('pushes news items of the filtered sources', async () => {
    const [wanted, other] = [await insertSource(app.dataSource), await insertSource(app.dataSource)];
    const live = subscribe(client(), 'subscription ($filter: NewsItemFilter) { newsItemAdded(filter: $filter) { cursor node { title source { id } } } }', {
      filter: { sourceIds: [toGlobalId('Source', wanted.id)] },
    });
    await subscriptionsRunning(app.url, 1);
    await insertNewsItem(app.dataSource, { sourceId: other.id, publishedAt: new Date(), title: 'Elsewhere' });
    await insertNewsItem(app.dataSource, { sourceId: wanted.id, publishedAt: new Date(), title: 'Here' });
    const [event] = await live.waitFor(1);
    expect(event.data?.newsItemAdded.node).toEqual({ title: 'Here', source: { id: toGlobalId('Source', wanted.id) } });
  });
});

describe('over HTTP', () => {
  it('a subscription is refused, saying where it is served', async () => {
    const { status, body } = await app.graphql('subscription { articleAdded { cursor } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/served over WebSocket \(the graphql-ws protocol\)/);
  });
});
