import { toGlobalId } from '../../src/domain/global-id';
import { insertArticle, insertNewsItem, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';
import { longBody, rss } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';

const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let app: TestApp;
let disabled: TestApp;
let web: FixtureServer;

/** A channel title of 40 sentences, 1,039 characters. */
const LONG_TITLE = Array.from({ length: 40 }, (_, n) => `Sentence ${String(n).padStart(2, '0')} of the title.`).join(' ');
const JSON_FEED = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'The JSON desk', items: [{ id: '1', url: 'https://json.example/1', title: 'One' }] });

beforeAll(async () => {
  web = await startFixtureServer();
  web.route('/world.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([], { title: 'World desk' }) });
  web.route('/feed.json', { headers: { 'content-type': 'application/feed+json' }, body: JSON_FEED });
  web.route('/invisible-title.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([], { title: '\u202e \u00ad\u200b\u2060' }) });
  web.route('/long-title.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([], { title: LONG_TITLE }) });
  web.route('/deep', { headers: { 'content-type': 'text/html' }, body: `<!doctype html><title>Deep</title>${'<div>'.repeat(100_000)}x` });
  web.route('/home', { headers: { 'content-type': 'text/html' }, body: `<!doctype html><html><head><title>Home</title><link rel="alternate" type="application/rss+xml" href="/world.xml"></head><body><p>Hi</p></body></html>` });
  // A feed that answers 304 to its own ETag, with one entry too short to be an article: a headline until the
  // source reads full text.
  web.route('/switch.xml', (request, response) => {
    if (request.headers['if-none-match'] === '"switch-v1"') return void response.writeHead(304, { etag: '"switch-v1"' }).end();
    response.writeHead(200, { etag: '"switch-v1"', 'content-type': 'application/rss+xml' });
    response.end(rss([{ guid: 's1', title: 'Switch story', link: web.url('/switch/1'), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' }], { title: 'Switch desk' }));
  });
  web.route('/switch/1', {
    headers: { 'content-type': 'text/html' },
    body: `<!doctype html><html lang="en"><head><title>Switch story</title></head><body><article><h1>Switch story</h1>${longBody(200, 'switch')}</article></body></html>`,
  });
  [app, disabled] = await Promise.all([startTestApp({ ADMIN_TOKEN: TOKEN, ALLOW_PRIVATE_NETWORKS: 'true' }), startTestApp()]);
});
afterAll(async () => {
  await app?.close();
  await disabled?.close();
  await web?.close();
});

const ADD = `mutation($input: AddSourceInput!) { addSource(input: $input) { id name feedUrl kind health { enabled fullText fetchIntervalSeconds } } }`;

describe('mutations need the admin token', () => {
  it('says how to enable them when the server has no ADMIN_TOKEN', async () => {
    const { body } = await disabled.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } }, auth);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(/ADMIN_TOKEN/);
  });

  it('refuses a request without Authorization', async () => {
    const { body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/Authorization: Bearer/) });
  });

  it('refuses a wrong token', async () => {
    const { body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/a.xml', kind: 'RSS' } }, { authorization: 'Bearer not-the-token-at-all' });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'The bearer token is not the admin token.' });
    const { body: list } = await app.graphql('{ sources { totalCount } }');
    expect(list.data.sources.totalCount).toBe(0);
  });
});

describe('managing sources', () => {
  it('adds a source of a given kind, then changes and removes it', async () => {
    const added = await app.graphql(ADD, { input: { url: `${web.url('/world.xml')}#top`, kind: 'RSS', name: ' World feed ', fetchIntervalMinutes: 30 } }, auth);
    expect(added.body.errors).toBeUndefined();
    const source = added.body.data.addSource;
    expect(source).toMatchObject({ name: 'World feed', feedUrl: web.url('/world.xml'), kind: 'RSS', health: { enabled: true, fullText: false, fetchIntervalSeconds: 1800 } });

    const updated = await app.graphql(
      `mutation($id: ID!) { updateSource(id: $id, input: { enabled: false, fullText: true, name: "World" }) { name health { enabled fullText } } }`,
      { id: source.id },
      auth,
    );
    expect(updated.body.data.updateSource).toEqual({ name: 'World', health: { enabled: false, fullText: true } });

    const duplicate = await app.graphql(ADD, { input: { url: web.url('/world.xml'), kind: 'RSS' } }, auth);
    expect(duplicate.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/Already subscribed .* as source/) });
    // The same feed with a campaign's parameters, a fragment or an upper-case scheme is the same subscription.
    for (const url of [`${web.url('/world.xml')}?utm_source=newsletter&utm_medium=email`, `${web.url('/world.xml')}#top`, web.url('/world.xml').replace('http://', 'HTTP://')]) {
      const again = await app.graphql(ADD, { input: { url, kind: 'RSS' } }, auth);
      expect({ url, error: again.body.errors?.[0]?.message }).toEqual({ url, error: expect.stringMatching(/^Already subscribed to .*\/world\.xml as source/) });
    }

    const removed = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: source.id }, auth);
    expect(removed.body.data.removeSource).toBe(true);
    const again = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: source.id }, auth);
    expect(again.body.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: `No source has the ID ${source.id}.` });
  });

  it.each([
    [{ url: 'not a url', kind: 'RSS' }, /`url` must be an absolute http\(s\) URL/],
    [{ url: 'ftp://feeds.example/a.xml', kind: 'RSS' }, /`url` must use http or https/],
    [{ url: 'https://user:pw@feeds.example/a.xml', kind: 'RSS' }, /must not carry a user name or password/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', fetchIntervalMinutes: 0 }, /`fetchIntervalMinutes` must be a whole number from 1/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', name: '   ' }, /`name` must be 1 to 200 characters/],
    [{ url: 'https://feeds.example/b.xml', kind: 'RSS', language: 'english!' }, /`language` must be a BCP 47 language tag/],
  ])('refuses bad input %p', async (input, message) => {
    const { body } = await app.graphql(ADD, { input }, auth);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(message) });
  });

  it('takes a name without its control characters, its whitespace made single spaces', async () => {
    const { body } = await app.graphql(ADD, { input: { url: web.url('/feed.json'), kind: 'JSON_FEED', name: ' Desk \u001b[2J\u001b[41mred\u009bX\u0007\tbell ' } }, auth);
    expect(body.errors).toBeUndefined();
    expect(body.data.addSource.name).toBe('Desk [2J[41mredX bell');
    await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: body.data.addSource.id }, auth);
  });

  it('reads a source of a declared kind: its name comes from the feed title when none is given', async () => {
    const { body } = await app.graphql(ADD, { input: { url: web.url('/feed.json'), kind: 'JSON_FEED' } }, auth);
    expect(body.errors).toBeUndefined();
    expect(body.data.addSource).toMatchObject({ name: 'The JSON desk', kind: 'JSON_FEED', feedUrl: web.url('/feed.json') });
  });

  it('names a source after its host when its feed title shows nothing (format characters and spaces only)', async () => {
    const { body } = await app.graphql(ADD, { input: { url: web.url('/invisible-title.xml') } }, auth);
    expect(body.errors).toBeUndefined();
    expect(body.data.addSource.name).toBe(new URL(web.url('/')).hostname);
    await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: body.data.addSource.id }, auth);
  });

  it('names a source after no more of a long feed title than a name may hold, a name updateSource takes back', async () => {
    const { body } = await app.graphql(ADD, { input: { url: web.url('/long-title.xml') } }, auth);
    expect(body.errors).toBeUndefined();
    // Whole sentences, as many as fit in 200 characters.
    const name = LONG_TITLE.slice(0, LONG_TITLE.lastIndexOf(' Sentence', 200));
    expect(body.data.addSource.name).toBe(name);
    const renamed = await app.graphql(`mutation($id: ID!, $name: String!) { updateSource(id: $id, input: { name: $name }) { name } }`, { id: body.data.addSource.id, name }, auth);
    expect(renamed.body).toEqual({ data: { updateSource: { name } } });
  });

  it.each([
    ['/feed.json', 'RSS', 'The source was declared as RSS, but {url} is a JSON Feed (JSON_FEED).'],
    ['/world.xml', 'HTML', 'The source was declared as HTML, but {url} is an RSS feed (RSS).'],
    ['/home', 'ATOM', 'The source was declared as ATOM, but {url} is an HTML page (HTML); it advertises the feed {feed}, which can be added instead.'],
  ])('refuses %s declared as %s, saying what was declared and what was found', async (path, kind, message) => {
    const { body } = await app.graphql(ADD, { input: { url: web.url(path), kind } }, auth);
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' }, message: message.replace('{url}', web.url(path)).replace('{feed}', web.url('/world.xml')) }),
    ]);
  });

  it.each([[null], ['HTML']])('refuses a page nested deeper than a browser builds it (kind %s) with BAD_USER_INPUT, saying why', async (kind) => {
    const { body } = await app.graphql(ADD, { input: { url: web.url('/deep'), kind } }, auth);
    expect(body.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT' },
        message: `${web.url('/deep')} could not be read as an article page: expected an HTML page whose elements nest at most 512 deep; this one nests deeper.`,
      }),
    ]);
  });

  it('refuses an unknown kind through GraphQL validation', async () => {
    const { status, body } = await app.graphql(ADD, { input: { url: 'https://feeds.example/c.xml', kind: 'PODCAST' } }, auth);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND when refreshing a source that does not exist', async () => {
    const { body } = await app.graphql(`mutation { refreshSource(id: "${toGlobalId('Source', 4242)}") { status } }`, undefined, auth);
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('removing a source', () => {
  const at = (minute: number) => new Date(Date.UTC(2024, 3, 2, 8, minute));

  it("keeps the articles other sources' news items link to, handed to the source that saw each first, and removes the rest of it", async () => {
    const [gone, second, third] = [await insertSource(app.dataSource), await insertSource(app.dataSource), await insertSource(app.dataSource)];
    const article = (sourceId: number, url: string) => insertArticle(app.dataSource, { sourceId, url, publishedAt: at(0) });
    const item = (sourceId: number, articleId: number | null, firstSeenAt: Date) => insertNewsItem(app.dataSource, { sourceId, articleId, publishedAt: at(0), firstSeenAt });
    const shared = await article(gone.id, 'https://removal.example/shared');
    const onlyItsOwn = await article(gone.id, 'https://removal.example/only-its-own');
    await article(gone.id, 'https://removal.example/unlinked');
    const ofSecond = await article(second.id, 'https://removal.example/of-second');
    await item(gone.id, shared.id, at(1));
    await item(third.id, shared.id, at(3));
    await item(second.id, shared.id, at(2));
    await item(gone.id, onlyItsOwn.id, at(1));
    await item(gone.id, ofSecond.id, at(1));
    await item(second.id, ofSecond.id, at(1));

    const removed = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: toGlobalId('Source', gone.id) }, auth);
    expect(removed.body).toEqual({ data: { removeSource: true } });

    const articles = await app.dataSource.query(`SELECT url, source_id AS "sourceId" FROM article WHERE url LIKE 'https://removal.example/%' ORDER BY url`);
    expect(articles).toEqual([
      { url: 'https://removal.example/of-second', sourceId: second.id },
      // Seen by the second source's item at minute 2, before the third source's at minute 3.
      { url: 'https://removal.example/shared', sourceId: second.id },
    ]);
    const items = await app.dataSource.query(
      `SELECT n.source_id AS "sourceId", a.url FROM news_item n LEFT JOIN article a ON a.id = n.article_id
       WHERE n.source_id = ANY($1::int[]) ORDER BY n.source_id, a.url`,
      [[gone.id, second.id, third.id]],
    );
    expect(items).toEqual([
      { sourceId: second.id, url: 'https://removal.example/of-second' },
      { sourceId: second.id, url: 'https://removal.example/shared' },
      { sourceId: third.id, url: 'https://removal.example/shared' },
    ]);
    const { body } = await app.graphql(`{ article(id: "${toGlobalId('Article', shared.id)}") { source { id } newsItems { source { id } } } }`);
    expect(body.data.article).toEqual({
      source: { id: toGlobalId('Source', second.id) },
      newsItems: expect.arrayContaining([{ source: { id: toGlobalId('Source', second.id) } }, { source: { id: toGlobalId('Source', third.id) } }]),
    });
    expect(body.data.article.newsItems).toHaveLength(2);
  });

  it('says what it removed and what it kept', async () => {
    const [gone, other] = [await insertSource(app.dataSource), await insertSource(app.dataSource)];
    const kept = await insertArticle(app.dataSource, { sourceId: gone.id, publishedAt: at(0) });
    const dropped = await insertArticle(app.dataSource, { sourceId: gone.id, publishedAt: at(0) });
    for (const articleId of [kept.id, dropped.id, null]) await insertNewsItem(app.dataSource, { sourceId: gone.id, articleId, publishedAt: at(0) });
    await insertNewsItem(app.dataSource, { sourceId: other.id, articleId: kept.id, publishedAt: at(0) });
    expect(await app.services.sourceAdmin.remove(gone.id)).toEqual({ newsItems: 3, articles: 1, articlesKept: 1 });
    await expect(app.services.sourceAdmin.remove(gone.id)).rejects.toThrow(`No source has the ID ${toGlobalId('Source', gone.id)}.`);
  });
});

describe('updateSource(fullText: true)', () => {
  it('makes the next refresh read the feed whole, so the entries kept as headlines get their article pages', async () => {
    const added = await app.graphql(ADD, { input: { url: web.url('/switch.xml'), kind: 'RSS' } }, auth);
    const id = added.body.data.addSource.id;
    const REFRESH = `mutation($id: ID!) { refreshSource(id: $id) { status headlinesOnly pagesFetched articlesAdded } }`;
    expect((await app.graphql(REFRESH, { id }, auth)).body.data.refreshSource).toEqual({ status: 'UPDATED', headlinesOnly: 1, pagesFetched: 0, articlesAdded: 0 });
    expect((await app.graphql(REFRESH, { id }, auth)).body.data.refreshSource.status).toBe('NOT_MODIFIED');
    await app.graphql(`mutation($id: ID!) { updateSource(id: $id, input: { fullText: true }) { id } }`, { id }, auth);
    expect((await app.graphql(REFRESH, { id }, auth)).body.data.refreshSource).toEqual({ status: 'UPDATED', headlinesOnly: 0, pagesFetched: 1, articlesAdded: 1 });
  });
});
