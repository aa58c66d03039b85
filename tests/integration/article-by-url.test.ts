import { startTestApp, TestApp } from '../helpers/app';
import { insertArticle, insertSource } from '../helpers/fixtures';

let app: TestApp;
const STORED = 'https://news.example/world/2026/harbour-opens?id=7';

beforeAll(async () => {
  app = await startTestApp();
  const source = await insertSource(app.dataSource);
  await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date('2026-11-01T00:00:00Z'), url: STORED, title: 'The harbour opens' });
});
afterAll(() => app?.close());

const byUrl = (url: string) => app.graphql('query($url: String) { article(url: $url) { title url } }', { url });

/** A client pastes the URL it has, not the one Newsline stored; ingestion's canonical-URL rule maps one to the other. */
describe('article(url:) reads its argument as ingestion stores URLs', () => {
  it.each([
    ['the stored URL itself', STORED],
    ['a tracking parameter', 'https://news.example/world/2026/harbour-opens?utm_source=newsletter&id=7&fbclid=abc'],
    ['an upper-case scheme and host', 'HTTPS://NEWS.Example/world/2026/harbour-opens?id=7'],
    ['a fragment', 'https://news.example/world/2026/harbour-opens?id=7#comments'],
    ['the default port', 'https://news.example:443/world/2026/harbour-opens?id=7'],
    ['surrounding whitespace', '  https://news.example/world/2026/harbour-opens?id=7\n'],
  ])('finds the article by %s', async (_name, url) => {
    const { status, body } = await byUrl(url);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { article: { title: 'The harbour opens', url: STORED } } });
  });

  it.each([
    ['another path', 'https://news.example/world/2026/harbour-closes?id=7'],
    ['another parameter value, which names another resource', 'https://news.example/world/2026/harbour-opens?id=8'],
    ['a path of another case (paths are case-sensitive)', 'https://news.example/World/2026/harbour-opens?id=7'],
  ])('finds nothing by %s', async (_name, url) => {
    expect((await byUrl(url)).body).toEqual({ data: { article: null } });
  });

  it.each([
    ['a relative URL', '/world/2026/harbour-opens', '`url` must be an absolute http(s) URL; got "/world/2026/harbour-opens".'],
    ['another scheme', 'ftp://news.example/a', '`url` must be an absolute http(s) URL; got "ftp://news.example/a".'],
  ])('refuses %s, saying what was expected', async (_name, url, message) => {
    const { body } = await byUrl(url);
    expect(body.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT' } })]);
  });
});
