import { LONG_MAX_AGE, SHORT_MAX_AGE } from '../../src/graphql/cache/cache-hints';
import { insertArticle, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';

const TOKEN = 'test-admin-token-0123456789';
const FEED = '{ articles(first: 5) { nodes { title source { name } } } }';

let app: TestApp;
let articleUrl: string;
let sourceId: number;
beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKEN: TOKEN, API_KEYS: 'mobile:mobile-key-0123456789' });
  sourceId = (await insertSource(app.dataSource)).id;
  articleUrl = (await insertArticle(app.dataSource, { sourceId, publishedAt: new Date('2026-11-01T10:00:00Z') })).url;
});
afterAll(() => app?.close());

const get = (query: string, headers: Record<string, string> = {}) => fetch(`${app.url}?${new URLSearchParams({ query })}`, { headers });
const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('Cache-Control', () => {
  it('keeps a list for a few seconds, in shared caches too', async () => {
    const response = await get(FEED);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(`max-age=${SHORT_MAX_AGE}, public`);
    expect(response.headers.get('vary')).toBe('accept');
  });

  it('keeps one article longer', async () => {
    const response = await get(`{ article(url: "${articleUrl}") { title source { name } } }`);
    expect(((await response.json()) as any).data.article.title).toMatch(/^Article/);
    expect(response.headers.get('cache-control')).toBe(`max-age=${LONG_MAX_AGE}, public`);
  });

  it.each([['an API key', 'Bearer mobile-key-0123456789'], ['a token the server does not know', 'Bearer whatever']])(
    'makes an answer to a request with a token (%s) private',
    async (_title, authorization) => {
      const response = await post(FEED, { authorization });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(`max-age=${SHORT_MAX_AGE}, private`);
    },
  );

  it('never keeps a mutation, and gives it no ETag', async () => {
    const response = await post('mutation { removeSource(id: "U291cmNlOjk5OTk5") }', { authorization: `Bearer ${TOKEN}` });
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });

  it.each([
    ['a document that does not validate', '{ nope }'],
    ['an error from a resolver', '{ articles(first: 500) { nodes { id } } }'],
    ['a page with data and an error beside it', '{ sources { totalCount } articles(first: 500) { nodes { id } } }'],
  ])('never keeps an answer with errors, and gives it no ETag to revalidate: %s', async (_title, query) => {
    const response = await get(query);
    expect(((await response.json()) as any).errors).toHaveLength(1);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });
});

describe('ETag and If-None-Match', () => {
  it.each([['GET', get], ['POST', post]] as const)('answers %s with 304 and no body when If-None-Match names the ETag', async (_method, send) => {
    const first = await send(FEED);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await send(FEED, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(`max-age=${SHORT_MAX_AGE}, public`);
    expect(await again.text()).toBe('');
    // Among other tags, and as a weak tag (If-None-Match compares weakly).
    expect((await send(FEED, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
  });

  it('answers 200 with the new body and a new ETag once the data has changed', async () => {
    const first = await get(FEED);
    const etag = first.headers.get('etag')!;
    await insertArticle(app.dataSource, { sourceId, publishedAt: new Date() });
    const changed = await get(FEED, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as any).data.articles.nodes).toHaveLength(2);
  });

  it('gives the answers to different Accept headers different tags (they differ in Content-Type)', async () => {
    const json = await get(FEED, { accept: 'application/json' });
    const graphqlJson = await get(FEED, { accept: 'application/graphql-response+json' });
    expect(await json.text()).toBe(await graphqlJson.text());
    expect(json.headers.get('etag')).not.toBe(graphqlJson.headers.get('etag'));
  });

  it('tells browsers on other origins they may read the ETag and send If-None-Match (CORS)', async () => {
    const preflight = await fetch(app.url, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-headers': 'if-none-match' } });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/\bif-none-match\b/);
    expect((await get(FEED)).headers.get('access-control-expose-headers')).toMatch(/\betag\b/);
  });
});
