import { CategoryEntity, NewsItemEntity, SourceEntity } from '../../src/db/entities';
import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { insertCategory, insertNewsItem, insertSource } from '../helpers/fixtures';

let app: TestApp;
let sources: SourceEntity[];
let items: NewsItemEntity[];
let categories: CategoryEntity[];
const NEWEST = new Date('2026-11-20T12:21:00.000Z');

beforeAll(async () => {
  app = await startTestApp();
  sources = [];
  for (const name of ['Alpha Daily', 'Beta Wire', 'Gamma Post']) sources.push(await insertSource(app.dataSource, { name }));
  categories = [await insertCategory(app.dataSource, { name: 'World', slug: 'world' }), await insertCategory(app.dataSource, { name: 'Business', slug: 'business' })];
  items = [];
  for (let i = 0; i < 45; i++) {
    items.push(await insertNewsItem(app.dataSource, { sourceId: sources[i % 3].id, publishedAt: new Date(NEWEST.getTime() - i * 60_000), title: `Headline ${i}` }));
  }
});
afterAll(() => app?.close());

const itemId = (item: NewsItemEntity) => toGlobalId('NewsItem', item.id);

describe('newsItems', () => {
  const QUERY = `query($first: Int, $after: String, $last: Int, $before: String, $filter: NewsItemFilter) {
    newsItems(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount edges { cursor node { id title url publishedAt source { name } article { id } } }
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`;

  it('lists headlines newest first with their source', async () => {
    const { body } = await app.graphql(QUERY, { first: 3 });
    const { edges, totalCount, pageInfo } = body.data.newsItems;
    expect(totalCount).toBe(45);
    expect(edges.map((e: any) => e.node.id)).toEqual(items.slice(0, 3).map(itemId));
    expect(edges[0].node).toMatchObject({ title: 'Headline 0', publishedAt: NEWEST.toISOString(), source: { name: 'Alpha Daily' }, article: null });
    expect(pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('pages forward and backward without repeats or gaps', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { body }: any = await app.graphql(QUERY, { first: 10, after });
      forward.push(...body.data.newsItems.edges.map((e: any) => e.node.id));
      if (!body.data.newsItems.pageInfo.hasNextPage) break;
      after = body.data.newsItems.pageInfo.endCursor;
    }
    expect(forward).toEqual(items.map(itemId));
    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { body }: any = await app.graphql(QUERY, { last: 10, before });
      backward.unshift(...body.data.newsItems.edges.map((e: any) => e.node.id));
      if (!body.data.newsItems.pageInfo.hasPreviousPage) break;
      before = body.data.newsItems.pageInfo.startCursor;
    }
    expect(backward).toEqual(items.map(itemId));
  });

  it('filters by source and half-open date range', async () => {
    const from = items[20].publishedAt.toISOString();
    const to = items[5].publishedAt.toISOString();
    const { body } = await app.graphql(QUERY, { first: 100, filter: { sourceIds: [toGlobalId('Source', sources[1].id)], publishedAt: { from, to } } });
    const expected = items.slice(6, 21).filter((item) => item.sourceId === sources[1].id).map(itemId);
    expect(body.data.newsItems.edges.map((e: any) => e.node.id)).toEqual(expected);
    expect(body.data.newsItems.totalCount).toBe(expected.length);
  });

  it('refuses a page size over 100', async () => {
    const { body } = await app.graphql(QUERY, { first: 500 });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/`first` must be an integer from 1 to 100; got 500/) });
  });
});

describe('sources and categories', () => {
  it('lists sources newest first with health and counts', async () => {
    await app.dataSource.query(`UPDATE source SET last_error = 'HTTP 503', consecutive_failures = 2 WHERE id = $1`, [sources[2].id]);
    const { body } = await app.graphql(`{ sources(first: 2) { totalCount edges { node { id name feedUrl kind health { lastError consecutiveFailures newsItemCount articleCount nextFetchAt } } } pageInfo { hasNextPage endCursor } } }`);
    const page = body.data.sources;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => e.node.name)).toEqual(['Gamma Post', 'Beta Wire']);
    expect(page.edges[0].node.health).toMatchObject({ lastError: 'HTTP 503', consecutiveFailures: 2, newsItemCount: 15, articleCount: 0 });
    const rest = await app.graphql(`query($after: String) { sources(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }`, { after: page.pageInfo.endCursor });
    expect(rest.body.data.sources).toEqual({ edges: [{ node: { name: 'Alpha Daily' } }], pageInfo: { hasNextPage: false } });
  });

  it('lists categories by name', async () => {
    const { body } = await app.graphql('{ categories { id name slug } }');
    expect(body.data.categories).toEqual([
      { id: toGlobalId('Category', categories[1].id), name: 'Business', slug: 'business' },
      { id: toGlobalId('Category', categories[0].id), name: 'World', slug: 'world' },
    ]);
  });

  it('reads a source and its health through node(id)', async () => {
    const { body } = await app.graphql(`{ node(id: "${toGlobalId('Source', sources[0].id)}") { ... on Source { name health { newsItemCount } } } }`);
    expect(body.data.node).toEqual({ name: 'Alpha Daily', health: { newsItemCount: 15 } });
  });
});
