import { IngestRepository, type NewsItemWrite } from '../../src/db/repositories/ingest.repository';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';

/**
 * A story reported at the last instant the API stores (9999-12-31T23:59:59.999Z, a date a feed may state) by three
 * sources: its TOP key, the last publication moved later for its sources, would pass that instant, and the cursor
 * the list handed out for it was refused when given back.
 */
let app: TestApp;
let repository: IngestRepository;
const LAST = new Date('9999-12-31T23:59:59.999Z');
const T0 = new Date('2026-11-20T08:00:00Z');

const TITLES: [string, string, Date][] = [
  ['Alpha Daily', 'Quorvex volcano erupts near Plimbury harbour, thousands evacuated', LAST],
  ['Beta Wire', 'Quorvex volcano erupts near Plimbury harbour; thousands evacuated', LAST],
  ['Gamma Post', 'Thousands evacuated as Quorvex volcano erupts near Plimbury harbour', LAST],
  ['Alpha Daily', 'Titanfall review roundup: critics praise the mech shooter', T0],
  ['Beta Wire', 'Malaysia Airlines flight MH370 missing over South China Sea', T0],
];

beforeAll(async () => {
  app = await startTestApp();
  repository = new IngestRepository(app.dataSource);
  const ids: Record<string, number> = {};
  for (const name of ['Alpha Daily', 'Beta Wire', 'Gamma Post']) ids[name] = (await insertSource(app.dataSource, { name })).id;
  for (const [index, [source, title, at]] of TITLES.entries()) {
    const item: NewsItemWrite = { guid: `g${index}`, title, url: `https://news.example/${index}`, publishedAt: at, articleUrl: null };
    await repository.commit({ id: ids[source], etag: null, lastModified: null, nextFetchAt: new Date(), language: 'en', homepageUrl: null }, [], [item]);
  }
});
afterAll(async () => {
  await repository?.close();
  await app?.close();
});

const STORIES = `query($orderBy: StoryOrder, $first: Int, $after: String, $last: Int, $before: String, $filter: StoryFilter) {
  stories(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    nodes { title sourceCount lastPublishedAt }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

describe('a story at the last instant', () => {
  it.each([
    ['TOP', null],
    ['NEWEST', null],
    ['TOP', { publishedAt: { from: '2026-01-01T00:00:00Z' } }],
  ])('%s (filter %j) takes back every cursor it hands out, forwards and backwards', async (orderBy, filter) => {
    const all = await app.graphql(STORIES, { orderBy, filter });
    expect(all.body.errors).toBeUndefined();
    const titles: string[] = all.body.data.stories.nodes.map((node: any) => node.title);
    expect(titles).toHaveLength(3);
    expect(all.body.data.stories.nodes[0]).toMatchObject({ sourceCount: 3, lastPublishedAt: LAST.toISOString() });

    const forwards: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: any = await app.graphql(STORIES, { orderBy, filter, first: 1, after });
      expect(body.errors).toBeUndefined();
      forwards.push(...body.data.stories.nodes.map((node: any) => node.title));
      if (!body.data.stories.pageInfo.hasNextPage) break;
      after = body.data.stories.pageInfo.endCursor;
    }
    expect(forwards).toEqual(titles);

    const backwards: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { body }: any = await app.graphql(STORIES, { orderBy, filter, last: 1, before });
      expect(body.errors).toBeUndefined();
      backwards.unshift(...body.data.stories.nodes.map((node: any) => node.title));
      if (!body.data.stories.pageInfo.hasPreviousPage) break;
      before = body.data.stories.pageInfo.startCursor;
    }
    expect(backwards).toEqual(titles);
  });
});
