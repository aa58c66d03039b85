import { sqlStatements } from '../../src/db/statement-counter';
import { ArticleEntity, CategoryEntity, SourceEntity } from '../../src/db/entities';
import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticleSeries, insertCategory, insertNewsItem, insertSource } from '../helpers/fixtures';

const NEWEST = new Date('2026-11-20T12:00:00.000Z');
const STEP_MS = 10 * 60_000;
const COUNT = 60;

let app: TestApp;
let sources: SourceEntity[];
let categories: CategoryEntity[];
let articles: ArticleEntity[];

const FEED = `query Feed($first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter) {
  articles(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    edges { cursor node { id title publishedAt source { id name } category { slug } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = { edges: { cursor: string; node: { id: string; title: string; publishedAt: string } }[]; pageInfo: any };

async function page(variables: Record<string, unknown>): Promise<Page> {
  const { status, body } = await app.graphql(FEED, variables);
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  return body.data.articles;
}

const idOf = (a: ArticleEntity) => toGlobalId('Article', a.id);

beforeAll(async () => {
  app = await startTestApp();
  sources = [await insertSource(app.dataSource, { name: 'Harbour Herald' }), await insertSource(app.dataSource), await insertSource(app.dataSource)];
  categories = [await insertCategory(app.dataSource, { name: 'World', slug: 'world' }), await insertCategory(app.dataSource, { name: 'Sport', slug: 'sport' })];
  articles = await insertArticleSeries(app.dataSource, COUNT, { sources, categories, newest: NEWEST, stepMs: STEP_MS });
});
afterAll(() => app?.close());

describe('articles: pages', () => {
  it('gives the 20 newest first by default, with source and category', async () => {
    const result = await page({});
    expect(result.edges.map((e) => e.node.id)).toEqual(articles.slice(0, 20).map(idOf));
    expect(result.edges[0].node.publishedAt).toBe(NEWEST.toISOString());
    expect(result.edges[0].node).toMatchObject({ source: { id: toGlobalId('Source', sources[0].id), name: 'Harbour Herald' }, category: { slug: 'world' } });
    expect(result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(result.pageInfo.startCursor).toBe(result.edges[0].cursor);
    expect(result.pageInfo.endCursor).toBe(result.edges[19].cursor);
  });

  it('pages forward with first/after through every article exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const result: Page = await page({ first: 7, after });
      seen.push(...result.edges.map((e) => e.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(articles.map(idOf));
  });

  it('pages backward with last/before from the oldest end', async () => {
    const oldest = await page({ last: 25 });
    expect(oldest.edges.map((e) => e.node.id)).toEqual(articles.slice(COUNT - 25).map(idOf));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await page({ last: 25, before: oldest.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.id)).toEqual(articles.slice(COUNT - 50, COUNT - 25).map(idOf));
    const first = await page({ last: 25, before: before.pageInfo.startCursor });
    expect(first.edges.map((e) => e.node.id)).toEqual(articles.slice(0, 10).map(idOf));
    expect(first.pageInfo.hasPreviousPage).toBe(false);
  });

  it('accepts page sizes 1 and 100', async () => {
    expect((await page({ first: 1 })).edges).toHaveLength(1);
    expect((await page({ first: 100 })).edges).toHaveLength(COUNT);
  });
});

describe('articles: filters', () => {
  it('treats publishedAt as half-open: from inclusive, to exclusive', async () => {
    const from = articles[30].publishedAt.toISOString();
    const to = articles[10].publishedAt.toISOString();
    const result = await page({ first: 100, filter: { publishedAt: { from, to } } });
    expect(result.edges.map((e) => e.node.id)).toEqual(articles.slice(11, 31).map(idOf));
  });

  it('reads offsets in DateTime input and answers in UTC', async () => {
    const to = new Date(articles[5].publishedAt.getTime());
    const local = new Date(to.getTime() + 4 * 3600_000).toISOString().replace('Z', '+04:00');
    const result = await page({ first: 1, filter: { publishedAt: { to: local } } });
    expect(result.edges[0].node.id).toBe(idOf(articles[6]));
  });

  it('filters by sources, categories and language', async () => {
    const bySource = await page({ first: 100, filter: { sourceIds: [toGlobalId('Source', sources[1].id)] } });
    expect(bySource.edges.map((e) => e.node.id)).toEqual(articles.filter((a) => a.sourceId === sources[1].id).map(idOf));
    const byCategory = await page({ first: 100, filter: { categories: ['sport'] } });
    expect(byCategory.edges.map((e) => e.node.id)).toEqual(articles.filter((a) => a.categoryId === categories[1].id).map(idOf));
    const byLanguage = await page({ first: 100, filter: { language: 'de' } });
    expect(byLanguage.edges.map((e) => e.node.id)).toEqual(articles.filter((a) => a.language === 'de').map(idOf));
  });

  it('counts what the filter matches when totalCount is asked for', async () => {
    const { body } = await app.graphql(`{ all: articles(first: 1) { totalCount } sport: articles(first: 1, filter: { categories: ["sport"] }) { totalCount } }`);
    expect(body.data).toEqual({ all: { totalCount: COUNT }, sport: { totalCount: COUNT / 2 } });
  });
});

describe('articles: lookups and fields', () => {
  it('finds an article by id and by url, with body, bodyText and computed fields', async () => {
    const a = articles[3];
    await app.dataSource.query(`UPDATE article SET body = '<p>Hello</p>', body_text = 'Hello', word_count = 461 WHERE id = $1`, [a.id]);
    const query = `query($id: ID, $url: String) { article(id: $id, url: $url) { id url body bodyText wordCount readingTimeMinutes tags firstSeenAt } }`;
    const byId = await app.graphql(query, { id: idOf(a) });
    expect(byId.body.data.article).toMatchObject({ id: idOf(a), url: a.url, body: '<p>Hello</p>', bodyText: 'Hello', wordCount: 461, readingTimeMinutes: 2, tags: [] });
    const byUrl = await app.graphql(query, { url: a.url });
    expect(byUrl.body.data.article.id).toBe(idOf(a));
  });

  it('answers null for an article that does not exist', async () => {
    const { body } = await app.graphql(`{ article(id: "${toGlobalId('Article', 999999)}") { id } byUrl: article(url: "https://nowhere.example/x") { id } }`);
    expect(body).toEqual({ data: { article: null, byUrl: null } });
  });

  it('lists the news items that point to an article, and the article from the item', async () => {
    const a = articles[0];
    const item = await insertNewsItem(app.dataSource, { sourceId: sources[2].id, publishedAt: a.publishedAt, articleId: a.id, title: 'Linked headline' });
    const unlinked = await insertNewsItem(app.dataSource, { sourceId: sources[2].id, publishedAt: a.publishedAt });
    const { body } = await app.graphql(`{ article(id: "${idOf(a)}") { newsItems { id title source { id } article { id } } } }`);
    expect(body.data.article.newsItems).toEqual([
      { id: toGlobalId('NewsItem', item.id), title: 'Linked headline', source: { id: toGlobalId('Source', sources[2].id) }, article: { id: idOf(a) } },
    ]);
    const none = await app.graphql(`{ node(id: "${toGlobalId('NewsItem', unlinked.id)}") { ... on NewsItem { article { id } } } }`);
    expect(none.body.data.node.article).toBeNull();
  });

  it('lists the newest 10 news items of an article, however many point to it (a feed whose GUIDs change each read)', async () => {
    const [a, b] = [articles[1], articles[2]];
    const at = (minutes: number) => new Date(a.publishedAt.getTime() + minutes * 60_000);
    for (let n = 0; n < 14; n++) await insertNewsItem(app.dataSource, { sourceId: sources[1].id, publishedAt: at(n), articleId: a.id, title: `Rotated ${n}` });
    await insertNewsItem(app.dataSource, { sourceId: sources[1].id, publishedAt: at(0), articleId: b.id, title: 'Of the other' });
    const { body } = await app.graphql(`{ a: article(id: "${idOf(a)}") { newsItems { title } } b: article(id: "${idOf(b)}") { newsItems { title } } }`);
    expect(body.data.a.newsItems.map((item: { title: string }) => item.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Rotated ${13 - i}`));
    expect(body.data.b.newsItems).toEqual([{ title: 'Of the other' }]);
  });

  it('fills in the default of a non-null variable the request leaves out, as the specification says', async () => {
    const page = await app.graphql('query($f: Int! = 2) { articles(first: $f) { nodes { id } } }', {});
    expect([page.status, page.body.data?.articles.nodes.length]).toEqual([200, 2]);
    const skipped = await app.graphql('query($b: Boolean! = true) { articles(first: 1) { nodes { id title @skip(if: $b) } } }', {});
    expect(skipped.body).toEqual({ data: { articles: { nodes: [{ id: expect.any(String) }] } } });
    const given = await app.graphql('query($f: Int! = 2) { articles(first: $f) { nodes { id } } }', { f: 3 });
    expect(given.body.data.articles.nodes).toHaveLength(3);
    const window = await app.graphql('query($from: DateTime! = "2000-01-01T00:00:00Z") { articles(first: 1, filter: { publishedAt: { from: $from } }) { nodes { id } } }', {});
    expect(window.body.data.articles.nodes).toHaveLength(1);
  });

  it('resolves node(id) for every type', async () => {
    const ids = [idOf(articles[0]), toGlobalId('Source', sources[0].id), toGlobalId('Category', categories[0].id)];
    for (const id of ids) {
      const { body } = await app.graphql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(body.data.node.id).toBe(id);
    }
    const { body } = await app.graphql(`{ node(id: "${toGlobalId('Source', 424242)}") { id } }`);
    expect(body.data.node).toBeNull();
  });
});

describe('articles: SQL statements per request', () => {
  const NESTED = `query($first: Int) { articles(first: $first) { edges { node { id body source { name } category { name } newsItems { title source { name } } } } } }`;

  async function statementsFor(first: number): Promise<number> {
    const before = sqlStatements.total;
    const { body } = await app.graphql(NESTED, { first });
    expect(body.errors).toBeUndefined();
    expect(body.data.articles.edges).toHaveLength(Math.min(first, COUNT));
    return sqlStatements.total - before;
  }

  it('is the same for first: 5 and first: 100 with nested relations', async () => {
    const few = await statementsFor(5);
    const many = await statementsFor(100);
    expect(many).toBe(few);
    // The page with its sources and categories, the bodies, the news items: one statement each.
    expect(few).toBe(3);
  });

  it('is one statement for the feed query with source and category', async () => {
    const before = sqlStatements.total;
    await page({ first: 20 });
    expect(sqlStatements.total - before).toBe(1);
  });
});
