import { sqlStatements } from '../../src/db/statement-counter';
import { IngestRepository, type ArticleWrite, type NewsItemWrite } from '../../src/db/repositories/ingest.repository';
import { SourceRemovalRepository } from '../../src/db/repositories/source-removal.repository';
import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';

let app: TestApp;
let repository: IngestRepository;
const sourceIds: Record<string, number> = {};
const T0 = Date.UTC(2026, 10, 20, 8);
const HOUR = 3_600_000;

/** One headline of a source, stored as a refresh stores it, with its article when it has a lead. */
interface Headline {
  source: string;
  key: string;
  title: string;
  at: number;
  lead?: string;
}

const HEADLINES: Headline[] = [
  { source: 'Alpha Daily', key: 'a1', title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', at: T0, lead: 'Edward Snowden spoke by video link to the SXSW festival in Austin.' },
  { source: 'Beta Wire', key: 'b1', title: 'NSA leaker Snowden says at SXSW he has no regrets', at: T0 + 10 * 60_000, lead: 'The former NSA contractor addressed SXSW from Russia.' },
  { source: 'Gamma Post', key: 'g1', title: 'Snowden at SXSW: no regrets over NSA leaks', at: T0 + 20 * 60_000 },
  { source: 'Beta Wire', key: 'b2', title: 'Titanfall review roundup: critics praise the mech shooter', at: T0 + 2 * HOUR },
  { source: 'Alpha Daily', key: 'a2', title: 'Malaysia Airlines flight MH370 missing over South China Sea', at: T0 + HOUR },
  { source: 'Gamma Post', key: 'g2', title: 'Malaysia Airlines MH370 still missing over South China Sea', at: T0 + HOUR + 5 * 60_000 },
];

const url = (headline: Headline) => `https://news.example/${headline.key}`;

beforeAll(async () => {
  app = await startTestApp();
  repository = new IngestRepository(app.dataSource);
  for (const name of ['Alpha Daily', 'Beta Wire', 'Gamma Post']) sourceIds[name] = (await insertSource(app.dataSource, { name })).id;
  for (const headline of HEADLINES) {
    const item: NewsItemWrite = { guid: headline.key, title: headline.title, url: url(headline), publishedAt: new Date(headline.at), articleUrl: null };
    const articles: ArticleWrite[] = headline.lead
      ? [{
          url: url(headline), title: headline.title, summary: headline.lead, body: null, bodyText: headline.lead, author: null, category: 'World',
          tags: [], language: 'en', imageUrl: null, publishedAt: new Date(headline.at), updatedAt: null, attribution: null, wordCount: 12, contentHash: headline.key,
        }]
      : [];
    await repository.commit({ id: sourceIds[headline.source], etag: null, lastModified: null, nextFetchAt: new Date(), language: 'en', homepageUrl: null }, articles, [item]);
  }
});
afterAll(async () => {
  await repository?.close();
  await app?.close();
});

const STORIES = `query($orderBy: StoryOrder, $first: Int, $after: String, $filter: StoryFilter) {
  stories(orderBy: $orderBy, first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { id title firstPublishedAt lastPublishedAt sourceCount itemCount } }
    pageInfo { hasNextPage endCursor } } }`;

const titles = (body: any) => body.data.stories.edges.map((edge: any) => edge.node.title);

describe('stories', () => {
  it('NEWEST lists stories by their latest headline', async () => {
    const { body } = await app.graphql(STORIES, { orderBy: 'NEWEST' });
    expect(titles(body)).toEqual([
      'Titanfall review roundup: critics praise the mech shooter',
      'Malaysia Airlines flight MH370 missing over South China Sea',
      'Edward Snowden tells SXSW he has no regrets about NSA leaks',
    ]);
    expect(body.data.stories.totalCount).toBe(3);
  });

  it('TOP ranks by sources with recency: three sources outrank one two hours fresher; each doubling counts 24 hours', async () => {
    const { body } = await app.graphql(STORIES, { orderBy: 'TOP' });
    expect(titles(body)).toEqual([
      'Edward Snowden tells SXSW he has no regrets about NSA leaks',
      'Malaysia Airlines flight MH370 missing over South China Sea',
      'Titanfall review roundup: critics praise the mech shooter',
    ]);
    expect(body.data.stories.edges[0].node).toMatchObject({
      sourceCount: 3,
      itemCount: 3,
      firstPublishedAt: new Date(T0).toISOString(),
      lastPublishedAt: new Date(T0 + 20 * 60_000).toISOString(),
    });
  });

  it('pages with keyset cursors in both orders, and refuses a cursor made under another order', async () => {
    for (const orderBy of ['TOP', 'NEWEST']) {
      const all = titles((await app.graphql(STORIES, { orderBy })).body);
      const paged: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { body }: any = await app.graphql(STORIES, { orderBy, first: 1, after });
        paged.push(...titles(body));
        if (!body.data.stories.pageInfo.hasNextPage) break;
        after = body.data.stories.pageInfo.endCursor;
      }
      expect(paged).toEqual(all);
    }
    const first = await app.graphql(STORIES, { orderBy: 'TOP', first: 1 });
    const mixed = await app.graphql(STORIES, { orderBy: 'NEWEST', first: 1, after: first.body.data.stories.pageInfo.endCursor });
    expect(mixed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('filters by source and window; TOP counts only the sources inside the window', async () => {
    const beta = await app.graphql(STORIES, { orderBy: 'NEWEST', filter: { sourceIds: [toGlobalId('Source', sourceIds['Beta Wire'])] } });
    expect(titles(beta.body)).toEqual(['Titanfall review roundup: critics praise the mech shooter', 'Edward Snowden tells SXSW he has no regrets about NSA leaks']);
    // From T0 + 15 min only Gamma Post's Snowden headline is in the window: one source, older than Titanfall's.
    const window = { publishedAt: { from: new Date(T0 + 15 * 60_000).toISOString() } };
    const top = await app.graphql(STORIES, { orderBy: 'TOP', filter: window });
    expect(titles(top.body)).toEqual([
      'Malaysia Airlines flight MH370 missing over South China Sea',
      'Titanfall review roundup: critics praise the mech shooter',
      'Edward Snowden tells SXSW he has no regrets about NSA leaks',
    ]);
    const english = await app.graphql(STORIES, { orderBy: 'NEWEST', filter: { language: 'en', categories: ['world'] } });
    expect(titles(english.body)).toEqual(['Edward Snowden tells SXSW he has no regrets about NSA leaks']);
  });

  it('answers bad filters with BAD_USER_INPUT', async () => {
    const { body } = await app.graphql(STORIES, { filter: { language: 'not a tag' } });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('Story and the stories of news items and articles', () => {
  let snowden: string;
  beforeAll(async () => {
    snowden = (await app.graphql(`{ stories(orderBy: TOP, first: 1) { nodes { id } } }`)).body.data.stories.nodes[0].id;
  });

  const STORY = `query { stories(orderBy: TOP, first: 1) { nodes {
    id sources { name }
    newsItems(first: 10) { totalCount nodes { title source { name } story { title } } }
    articles { nodes { url story { title } alsoReportedBy { title source { name } } } } } } }`;

  it('gives a story its sources, its headlines and its articles newest first, each pointing back to it', async () => {
    const { body } = await app.graphql(STORY);
    const [story] = body.data.stories.nodes;
    expect(story.sources.map((source: any) => source.name)).toEqual(['Alpha Daily', 'Beta Wire', 'Gamma Post']);
    expect(story.newsItems.nodes.map((item: any) => item.source.name)).toEqual(['Gamma Post', 'Beta Wire', 'Alpha Daily']);
    expect(story.newsItems.nodes[0].story.title).toBe('Edward Snowden tells SXSW he has no regrets about NSA leaks');
    expect(story.articles.nodes.map((article: any) => article.url)).toEqual(['https://news.example/b1', 'https://news.example/a1']);
    expect(story.articles.nodes[1].story.title).toBe('Edward Snowden tells SXSW he has no regrets about NSA leaks');
  });

  it("lists who else reports an article's story: the other sources' headlines, newest first", async () => {
    const { body } = await app.graphql(STORY);
    const alpha = body.data.stories.nodes[0].articles.nodes[1];
    expect(alpha.alsoReportedBy.map((item: any) => item.source.name)).toEqual(['Gamma Post', 'Beta Wire']);
  });

  it('reads the pages and counts of every story of a list in one statement each for headlines and articles, the same as one story alone gets', async () => {
    const LIST = `query($first: Int) { stories(orderBy: NEWEST, first: 10) { nodes { id
      newsItems(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } }
      articles(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { url } } } } } }`;
    const ALONE = `query($id: ID!, $first: Int) { node(id: $id) { ... on Story {
      newsItems(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } }
      articles(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { url } } } } } }`;
    const statements = async (query: string, variables: Record<string, unknown>) => {
      const before = sqlStatements.total;
      const { body } = await app.graphql(query, variables);
      expect(body.errors).toBeUndefined();
      return { body, count: sqlStatements.total - before };
    };
    for (const first of [1, 2]) {
      const list = await statements(LIST, { first });
      const stories = list.body.data.stories.nodes;
      expect(stories.length).toBeGreaterThan(2);
      // The stories, their headlines' pages, their articles' pages, and the two lists' counts.
      expect(list.count).toBe(5);
      for (const story of stories) {
        const alone = (await app.graphql(ALONE, { id: story.id, first })).body.data.node;
        expect({ newsItems: story.newsItems, articles: story.articles }).toEqual(alone);
      }
    }
  });

  it("takes a page cursor of one story's list in a list of stories for that story only: the others fail alone", async () => {
    const FIRST = `{ stories(orderBy: TOP, first: 10) { nodes { id newsItems(first: 1) { pageInfo { endCursor } } articles(first: 1) { pageInfo { endCursor } } } } }`;
    const stories = (await app.graphql(FIRST)).body.data.stories.nodes;
    // The Snowden story (three headlines, two articles) comes first.
    expect(stories.map((story: any) => story.id).indexOf(snowden)).toBe(0);
    expect(stories.length).toBeGreaterThan(1);
    for (const list of ['newsItems', 'articles']) {
      const after = stories[0][list].pageInfo.endCursor;
      const { body } = await app.graphql(`query($after: String) { stories(orderBy: TOP, first: 10) { nodes { id ${list}(first: 1, after: $after) { nodes { __typename } } } } }`, { after });
      // The list is non-null, so the first story that fails nulls it, and GraphQL reports that one: another story,
      // never the one the cursor came from (a rejection of the whole batch failed that one too, with the first error).
      expect(body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([[['stories', 'nodes', 1, list], 'BAD_USER_INPUT']]);
      // The story it came from gets its second page.
      const alone = await app.graphql(`query($id: ID!, $after: String) { node(id: $id) { ... on Story { ${list}(first: 1, after: $after) { nodes { __typename } } } } }`, { id: snowden, after });
      expect(alone.body.errors).toBeUndefined();
      expect(alone.body.data.node[list].nodes).toHaveLength(1);
    }
  });

  it('resolves a Story by its global ID', async () => {
    const { body } = await app.graphql(STORY);
    const id = body.data.stories.nodes[0].id;
    const node = await app.graphql(`query($id: ID!) { node(id: $id) { ... on Story { title itemCount } } }`, { id });
    expect(node.body.data.node).toEqual({ title: 'Edward Snowden tells SXSW he has no regrets about NSA leaks', itemCount: 3 });
  });
});

describe('removing a source', () => {
  it('removes the stories it leaves empty and counts the others again', async () => {
    const removal = new SourceRemovalRepository(app.dataSource);
    await removal.remove(sourceIds['Beta Wire']);
    const { body } = await app.graphql(STORIES, { orderBy: 'NEWEST' });
    expect(body.data.stories.edges.map((edge: any) => [edge.node.title, edge.node.sourceCount, edge.node.itemCount])).toEqual([
      ['Malaysia Airlines flight MH370 missing over South China Sea', 2, 2],
      ['Edward Snowden tells SXSW he has no regrets about NSA leaks', 2, 2],
    ]);
  });
});
