import { createHash, randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { toGlobalId } from '../../src/domain/global-id';
import { countWords } from '../../src/domain/reading';
import { MAX_HTML_LENGTH } from '../../src/ingest/sanitize/sanitize';
import { startTestApp, TestApp } from '../helpers/app';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { longBody, rss } from '../helpers/feeds';
import { insertSource } from '../helpers/fixtures';

const TOKEN = 'ingest-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let app: TestApp;
let web: FixtureServer;

beforeAll(async () => {
  web = await startFixtureServer();
  app = await startTestApp({ ADMIN_TOKEN: TOKEN, ALLOW_PRIVATE_NETWORKS: 'true', FETCH_TIMEOUT_MS: '1500', FETCH_MAX_BYTES: String(2 * 1024 * 1024) });
});
afterAll(async () => {
  await app?.close();
  await web?.close();
});

const rssHeaders = { 'content-type': 'application/rss+xml; charset=utf-8' };

async function addSource(url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { body } = await app.graphql(`mutation($input: AddSourceInput!) { addSource(input: $input) { id kind feedUrl } }`, { input: { url, ...extra } }, auth);
  expect(body.errors).toBeUndefined();
  return body.data.addSource.id;
}

/** A source stored as it was added while its feed was fine: what a feed that has since gone bad looks like. */
async function sourceAlreadyAdded(url: string, fields: { fetchIntervalSeconds?: number } = {}): Promise<string> {
  return toGlobalId('Source', (await insertSource(app.dataSource, { feedUrl: url, ...fields })).id);
}

async function refresh(id: string) {
  const { body } = await app.graphql(
    `mutation($id: ID!) { refreshSource(id: $id) { status itemsSeen itemsAdded itemsUpdated itemsUnchanged articlesAdded articlesUpdated headlinesOnly pagesFetched pagesFailed errors nextFetchAt source { id health { lastError consecutiveFailures lastSuccessAt } } } }`,
    { id },
    auth,
  );
  expect(body.errors).toBeUndefined();
  return body.data.refreshSource;
}

async function itemsOf(sourceId: string) {
  const { body } = await app.graphql(
    `query($s: [ID!]) { newsItems(first: 100, filter: { sourceIds: $s }) { nodes { id title url publishedAt article { id url title body bodyText wordCount attribution } } } }`,
    { s: [sourceId] },
  );
  return body.data.newsItems.nodes as any[];
}

const count = async (table: string) => Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

describe('reading an RSS feed', () => {
  let sourceId: string;
  let feed: string;

  beforeAll(async () => {
    feed = rss([
      {
        guid: 'a-1',
        title: 'Harbour plan approved',
        link: '/world/harbour-plan?utm_source=rss&utm_medium=feed',
        pubDate: 'Wed, 20 Mar 2024 16:00:00 +0400',
        content: `${longBody(200, 'harbour')}<script>alert(1)</script><p><a href="/more" onclick="x()">More</a> <img src="/img/h.jpg" onerror="y()"></p><p>Harbour Times informs via POLITICO.</p>`,
      },
      { guid: 'a-2', title: 'Short note', link: 'https://news.example/world/note', pubDate: 'Wed, 20 Mar 2024 09:30:00 GMT', description: 'Just a line.' },
      { title: 'No guid here', link: 'https://news.example/world/no-guid#comments', pubDate: '2024-03-19T23:15:00-05:00' },
    ]);
    web.route('/feeds/world.xml', { headers: rssHeaders, body: feed });
    sourceId = await addSource(web.url('/feeds/world.xml'));
  });

  it('detects the kind, stores every entry as a news item with its time zone applied, and articles for full content', async () => {
    const report = await refresh(sourceId);
    // Two entries carry under 120 words: the source is not full-text, so they are kept as headlines only.
    expect(report).toMatchObject({ status: 'UPDATED', itemsSeen: 3, itemsAdded: 3, itemsUpdated: 0, articlesAdded: 1, headlinesOnly: 2, pagesFetched: 0, pagesFailed: 0, errors: [] });
    expect(report.source.health).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    const items = await itemsOf(sourceId);
    expect(items.map((i) => [i.title, i.publishedAt])).toEqual([
      ['Harbour plan approved', '2024-03-20T12:00:00.000Z'],
      ['Short note', '2024-03-20T09:30:00.000Z'],
      ['No guid here', '2024-03-20T04:15:00.000Z'],
    ]);
    const harbour = items.find((i) => i.title === 'Harbour plan approved');
    expect(harbour.url).toBe(`${web.origin}/world/harbour-plan`);
    expect(harbour.article).toMatchObject({ url: `${web.origin}/world/harbour-plan`, title: 'Harbour plan approved' });
    expect(harbour.article.wordCount).toBeGreaterThan(150);
    expect(harbour.article.attribution).toBe('POLITICO');
    expect(harbour.article.body).not.toMatch(/<script|onclick|onerror|alert/);
    expect(harbour.article.body).toContain(`href="${web.origin}/more"`);
    expect(harbour.article.body).toContain(`src="${web.origin}/img/h.jpg"`);
    expect(items.find((i) => i.title === 'Short note').article).toBeNull();
    expect(items.find((i) => i.title === 'No guid here').url).toBe('https://news.example/world/no-guid');
  });

  it('changes nothing when the same feed is read again', async () => {
    const before = await app.dataSource.query('SELECT * FROM news_item ORDER BY id');
    const report = await refresh(sourceId);
    expect(report).toMatchObject({ status: 'UPDATED', itemsAdded: 0, itemsUpdated: 0, itemsUnchanged: 3, articlesAdded: 0, articlesUpdated: 0 });
    expect(await app.dataSource.query('SELECT * FROM news_item ORDER BY id')).toEqual(before);
  });

  it("updates an edited headline in place", async () => {
    const [item] = (await itemsOf(sourceId)).filter((i) => i.title === 'Short note');
    web.route('/feeds/world.xml', { headers: rssHeaders, body: feed.replace('Short note', 'Short note, corrected') });
    const report = await refresh(sourceId);
    expect(report).toMatchObject({ itemsAdded: 0, itemsUpdated: 1, itemsUnchanged: 2 });
    const after = (await itemsOf(sourceId)).find((i) => i.id === item.id);
    expect(after.title).toBe('Short note, corrected');
  });
});

describe('an entry read again as it was', () => {
  it('keeps its stored article instead of deriving it again, and derives it again once the entry changes', async () => {
    const entry = { guid: 'k-1', title: 'Canal lock repaired', link: 'https://news.example/canal-lock', pubDate: 'Fri, 22 Mar 2024 10:00:00 GMT', content: longBody(180, 'canal') };
    web.route('/feeds/kept.xml', { headers: rssHeaders, body: rss([entry]) });
    const sourceId = await addSource(web.url('/feeds/kept.xml'));
    expect(await refresh(sourceId)).toMatchObject({ itemsAdded: 1, articlesAdded: 1 });
    const stored = async () => (await app.dataSource.query(`SELECT body, entry_hash AS "entryHash" FROM article WHERE url = 'https://news.example/canal-lock'`))[0];
    const first = await stored();
    expect(first.entryHash).toMatch(/^[0-9a-f]{64}$/);
    // A body and a content fingerprint that a derivation from the entry would replace (its content hash differs):
    // the same entry read again leaves them.
    await app.dataSource.query(`UPDATE article SET body = '<p>kept</p>', content_hash = 'edited' WHERE url = 'https://news.example/canal-lock'`);
    expect(await refresh(sourceId)).toMatchObject({ itemsSeen: 1, itemsUnchanged: 1, articlesAdded: 0, articlesUpdated: 0, errors: [] });
    expect(await stored()).toEqual({ body: '<p>kept</p>', entryHash: first.entryHash });
    // The entry's content changed: the article is derived again and rewritten, with the new fingerprint.
    web.route('/feeds/kept.xml', { headers: rssHeaders, body: rss([{ ...entry, content: longBody(180, 'lock') }]) });
    expect(await refresh(sourceId)).toMatchObject({ itemsUnchanged: 1, articlesAdded: 0, articlesUpdated: 1 });
    const rewritten = await stored();
    expect(rewritten.body).not.toBe('<p>kept</p>');
    expect(rewritten.body).toContain('The lock council met');
    expect(rewritten.entryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rewritten.entryHash).not.toBe(first.entryHash);
  });
});

describe('deduplication', () => {
  it('stores an article reached through two feeds once, linked from both', async () => {
    const content = longBody(180, 'bridge');
    web.route('/feeds/one.xml', { headers: rssHeaders, body: rss([{ guid: 'x', title: 'Bridge reopens', link: 'https://news.example/bridge?utm_campaign=a&id=7', pubDate: 'Thu, 21 Mar 2024 10:00:00 GMT', content }]) });
    web.route('/feeds/two.xml', { headers: rssHeaders, body: rss([{ guid: 'y', title: 'Bridge reopens', link: 'https://NEWS.example/bridge?id=7&fbclid=abc', pubDate: 'Thu, 21 Mar 2024 10:00:00 GMT', content }]) });
    const one = await addSource(web.url('/feeds/one.xml'));
    const two = await addSource(web.url('/feeds/two.xml'));
    expect((await refresh(one)).articlesAdded).toBe(1);
    expect((await refresh(two)).articlesAdded).toBe(0);
    const rows = await app.dataSource.query(`SELECT id FROM article WHERE url = 'https://news.example/bridge?id=7'`);
    expect(rows).toHaveLength(1);
    const [a] = await itemsOf(one);
    const [b] = await itemsOf(two);
    expect(a.article.id).toBe(toGlobalId('Article', rows[0].id));
    expect(b.article.id).toBe(a.article.id);
  });
});

describe('an article belongs to the source that first stored it', () => {
  it("is linked to, not rewritten, by another source's entry for its URL; its own source's new text rewrites it", async () => {
    const own = (words: string) => rss([{ guid: 'own', title: 'Harbour reopens', link: 'https://owner.example/harbour', pubDate: 'Thu, 21 Mar 2024 10:00:00 GMT', content: longBody(180, words) }]);
    web.route('/feeds/owner.xml', { headers: rssHeaders, body: own('marina') });
    // Another feed (a copycat, or a hostile one) gives the same article, its URL dressed up, a text of its own.
    web.route('/feeds/copycat.xml', {
      headers: rssHeaders,
      body: rss([{ guid: 'copy', title: 'Hijacked', link: 'https://owner.example/harbour?utm_source=x#top', pubDate: 'Thu, 21 Mar 2024 11:00:00 GMT', content: `${longBody(180, 'phish')}<p><a href="https://evil.example/login">Log in</a></p>` }]),
    });
    const owner = await addSource(web.url('/feeds/owner.xml'));
    const copycat = await addSource(web.url('/feeds/copycat.xml'));
    expect(await refresh(owner)).toMatchObject({ articlesAdded: 1 });
    expect(await refresh(copycat)).toMatchObject({ status: 'UPDATED', itemsAdded: 1, articlesAdded: 0, articlesUpdated: 0 });
    const stored = async () => (await app.dataSource.query(`SELECT id, title, body, source_id, entry_hash FROM article WHERE url = 'https://owner.example/harbour'`))[0];
    const before = await stored();
    expect(before.title).toBe('Harbour reopens');
    expect(before.body).toContain('The marina council');
    expect(before.body).not.toMatch(/phish|evil\.example/);
    // The copycat's headline links to the owner's article.
    const [item] = await itemsOf(copycat);
    expect(item.article.id).toBe(toGlobalId('Article', before.id));
    // Refreshed again, it still changes nothing; nor does it take the article's fingerprint, which stays the owner's.
    expect(await refresh(copycat)).toMatchObject({ articlesUpdated: 0 });
    expect(await stored()).toEqual(before);
    // The owner's own feed rewrites it.
    web.route('/feeds/owner.xml', { headers: rssHeaders, body: own('quayside') });
    expect(await refresh(owner)).toMatchObject({ articlesUpdated: 1 });
    expect((await stored()).body).toContain('The quayside council');
  });

  it("stores a full-text page under its own URL when its canonical link names another site's page", async () => {
    const page = (canonical: string) => `<!doctype html><html lang="en"><head><title>Quay</title><link rel="canonical" href="${canonical}"></head>
      <body><article><h1>Quay works begin</h1>${longBody(250, 'quay-works')}</article></body></html>`;
    web.route('/pages/foreign-canonical', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page('https://victim.example/news/quay') });
    web.route('/pages/host-canonical', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page(web.url('/pages/host-canonical').replace('127.0.0.1', 'localhost')) });
    web.route('/pages/long-canonical', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page(web.url(`/pages/long?${'q'.repeat(3000)}`)) });
    web.route('/pages/own-canonical', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page(web.url('/pages/quay-works')) });
    web.route('/feeds/pages.xml', {
      headers: rssHeaders,
      body: rss(['foreign-canonical', 'host-canonical', 'long-canonical', 'own-canonical'].map((path) => ({ guid: path, title: path, link: web.url(`/pages/${path}`), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT', description: 'Short.' }))),
    });
    const id = await addSource(web.url('/feeds/pages.xml'), { fullText: true });
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', articlesAdded: 4, pagesFetched: 4, pagesFailed: 0, errors: [] });
    const urls = (await itemsOf(id)).map((item) => item.article.url).sort();
    // Another site's, another host's (no registrable domain to share) and an over-long canonical link are not believed; the page's own site's is.
    expect(urls).toEqual([web.url('/pages/foreign-canonical'), web.url('/pages/host-canonical'), web.url('/pages/long-canonical'), web.url('/pages/quay-works')].sort());
    expect(await count(`article WHERE url LIKE 'https://victim.example/%'`)).toBe(0);
  });
});

describe('detecting what a URL publishes', () => {
  it('subscribes to the feed an HTML home page advertises', async () => {
    web.route('/site/feed.atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site news</title><id>urn:site</id><updated>2024-03-20T10:00:00Z</updated>
        <entry><id>urn:e1</id><title>Atom entry</title><link href="https://site.example/e1"/><updated>2024-03-20T10:00:00+01:00</updated></entry></feed>`,
    });
    web.route('/site/', { headers: { 'content-type': 'text/html' }, body: '<html><head><title>Site</title><link rel="alternate" type="application/atom+xml" href="feed.atom"></head><body>Hi</body></html>' });
    const { body } = await app.graphql(`mutation($u: String!) { addSource(input: { url: $u }) { id kind feedUrl name } }`, { u: web.url('/site/') }, auth);
    expect(body.data.addSource).toMatchObject({ kind: 'ATOM', feedUrl: web.url('/site/feed.atom'), name: 'Site news' });
    const report = await refresh(body.data.addSource.id);
    expect(report).toMatchObject({ status: 'UPDATED', itemsAdded: 1 });
    expect((await itemsOf(body.data.addSource.id))[0]).toMatchObject({ title: 'Atom entry', publishedAt: '2024-03-20T09:00:00.000Z' });
  });

  it('reads a JSON Feed', async () => {
    web.route('/feed.json', {
      headers: { 'content-type': 'application/feed+json' },
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON news', items: [{ id: 'j1', url: 'https://json.example/1', title: 'From JSON', date_published: '2024-03-20T16:00:00+04:00' }] }),
    });
    const id = await addSource(web.url('/feed.json'));
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: 1 });
    expect((await itemsOf(id))[0]).toMatchObject({ title: 'From JSON', publishedAt: '2024-03-20T12:00:00.000Z' });
  });

  it('refuses a URL that is neither a feed nor a page', async () => {
    web.route('/data.bin', { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 3]) });
    const { body } = await app.graphql(`mutation($u: String!) { addSource(input: { url: $u }) { id } }`, { u: web.url('/data.bin') }, auth);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/neither a feed .* nor an HTML page/) });
  });
});

describe('encodings', () => {
  it.each([
    ['windows-1251', 'Новости дня: мэр открыл мост'],
    ['ISO-8859-1', 'Café über Straße à la carte'],
  ])('reads a %s feed by its declaration', async (encoding, title) => {
    const path = `/feeds/${encoding}.xml`;
    web.route(path, { headers: { 'content-type': 'application/rss+xml' }, body: iconv.encode(rss([{ guid: 'e', title, link: `https://enc.example/${encoding}`, pubDate: 'Fri, 22 Mar 2024 08:00:00 GMT' }], { encoding }), encoding) });
    const id = await addSource(web.url(path));
    await refresh(id);
    expect((await itemsOf(id))[0].title).toBe(title);
  });
});

describe('a feed that carries NUL (a raw byte, a character reference, JSON\'s \\u0000)', () => {
  it('is added under its title without the NUL, and every entry is stored, none failing the refresh', async () => {
    const body = rss(
      [
        { guid: 'nul-good', title: 'Good entry', link: 'https://nul.example/good', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT' },
        { guid: 'nul\u0000guid', title: 'Bad\u0000entry', link: 'https://nul.example/bad', pubDate: 'Mon, 25 Mar 2024 09:00:00 GMT', content: `${longBody(200, 'nul')}<p>tail\u0000end</p>` },
        { guid: 'nul-ref', title: 'Reference&#0; entry', link: 'https://nul.example/ref', pubDate: 'Mon, 25 Mar 2024 10:00:00 GMT' },
      ],
      { title: 'Nul\u0000Feed' },
    ).replace('&amp;#0;', '&#0;');
    web.route('/feeds/nul.xml', { headers: rssHeaders, body });
    const { body: added } = await app.graphql(`mutation($input: AddSourceInput!) { addSource(input: $input) { id name } }`, { input: { url: web.url('/feeds/nul.xml') } }, auth);
    expect(added.errors).toBeUndefined();
    expect(added.data.addSource.name).toBe('NulFeed');
    const report = await refresh(added.data.addSource.id);
    expect(report).toMatchObject({ status: 'UPDATED', itemsSeen: 3, itemsAdded: 3, articlesAdded: 1, errors: [] });
    expect(report.source.health).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    const items = await itemsOf(added.data.addSource.id);
    expect(items.map((item) => item.title).sort()).toEqual(['Badentry', 'Good entry', 'Reference entry']);
    const bad = items.find((item) => item.title === 'Badentry');
    expect(bad.article.bodyText).toMatch(/tailend$/);
    const [guids] = await app.dataSource.query(`SELECT array_agg(guid ORDER BY guid) AS guids FROM news_item WHERE url LIKE 'https://nul.example/%'`);
    expect(guids.guids).toEqual(['nul-good', 'nul-ref', 'nulguid']);
  });

  it('in a JSON Feed too', async () => {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Json\u0000Nul',
      items: [
        { id: 'j1\u0000', url: 'https://jnul.example/1', title: 'One\u0000', content_text: 'x', date_published: '2024-03-25T08:00:00Z', authors: [{ name: 'A\u0000B' }], tags: ['\u0000', 'T\u0000ag'] },
      ],
    };
    web.route('/feeds/nul.json', { headers: { 'content-type': 'application/feed+json' }, body: JSON.stringify(feed) });
    const { body: added } = await app.graphql(`mutation($input: AddSourceInput!) { addSource(input: $input) { id name } }`, { input: { url: web.url('/feeds/nul.json') } }, auth);
    expect(added.errors).toBeUndefined();
    expect(added.data.addSource.name).toBe('JsonNul');
    const report = await refresh(added.data.addSource.id);
    expect(report).toMatchObject({ status: 'UPDATED', itemsSeen: 1, itemsAdded: 1, errors: [] });
    expect((await itemsOf(added.data.addSource.id)).map((item) => item.title)).toEqual(['One']);
  });
});

describe('a feed whose keys are too long to index (a GUID, a link, a language, a headline of one endless word)', () => {
  it('is stored but for the entry whose link is too long, which is skipped with a reason; a long GUID is kept as its SHA-256', async () => {
    // Random text, which PostgreSQL cannot compress under its limit for one index entry (about 2,700 bytes).
    const noise = (length: number) => randomBytes(length).toString('base64url').slice(0, length);
    const longGuid = `g-${noise(6000)}`;
    const body = rss(
      [
        { guid: longGuid, title: `Endless ${noise(990)}`, link: 'https://long.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT' },
        { guid: 'long-url', title: 'Long link', link: `https://long.example/${noise(6000)}`, pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: longBody(200, 'long') },
        { guid: 'fine', title: 'Fine', link: 'https://long.example/2', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: longBody(200, 'fine') },
      ],
      { language: `en-${Array.from({ length: 900 }, () => 'abcdefgh').join('-')}` },
    );
    web.route('/feeds/long.xml', { headers: rssHeaders, body });
    const id = await addSource(web.url('/feeds/long.xml'));
    const report = await refresh(id);
    expect(report).toMatchObject({ status: 'UPDATED', itemsSeen: 2, itemsAdded: 2, articlesAdded: 1 });
    expect(report.errors).toEqual([expect.stringMatching(/^Skipped an entry whose link is longer than 2048 characters: "https:\/\/long\.example\/.{59}…"\.$/)]);
    const stored = await app.dataSource.query(`SELECT guid, url FROM news_item WHERE url LIKE 'https://long.example/%' ORDER BY url`);
    expect(stored).toEqual([
      { guid: `sha256:${createHash('sha256').update(longGuid).digest('hex')}`, url: 'https://long.example/1' },
      { guid: 'fine', url: 'https://long.example/2' },
    ]);
    const [article] = await app.dataSource.query(`SELECT language FROM article WHERE url = 'https://long.example/2'`);
    expect(article.language).toBeNull();
    // The same feed again: the long GUID is found again under its SHA-256.
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: 0, itemsUnchanged: 2 });
  });
});

describe('an article of more distinct words than a search document holds (1 MB of lexemes)', () => {
  it('is stored, and found by the words of its first 100,000 characters', async () => {
    const words = Array.from({ length: 80_000 }, (_, n) => createHash('sha256').update(String(n)).digest('hex').slice(0, 16));
    web.route('/feeds/huge.xml', {
      headers: rssHeaders,
      body: rss([{ guid: 'huge', title: 'Huge article', link: 'https://huge.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: `<p>${words.join(' ')}</p>` }]),
    });
    const id = await addSource(web.url('/feeds/huge.xml'));
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: 1, articlesAdded: 1, errors: [] });
    const found = async (word: string) =>
      (await app.graphql(`query($q: String!) { searchArticles(query: $q, first: 5) { nodes { url } } }`, { q: word })).body.data.searchArticles.nodes.map((node: { url: string }) => node.url);
    expect(await found(words[10])).toEqual(['https://huge.example/1']);
    expect(await found(words[79_999])).toEqual([]);
  }, 60_000);
});

describe('an entry whose body is longer than any news article', () => {
  it('is stored cut before a tag at MAX_HTML_LENGTH characters, its text and word count those of what is kept', async () => {
    // 1.6 MB of paragraphs (about 250,000 words).
    const paragraphs = Array.from({ length: 12_000 }, (_, n) => `<p>Paragraph ${n} of an endless entry, with <b>some</b> words.</p>`).join('');
    web.route('/feeds/endless.xml', {
      headers: rssHeaders,
      body: rss([{ guid: 'endless', title: 'Endless article', link: 'https://endless.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT', content: paragraphs }]),
    });
    const id = await addSource(web.url('/feeds/endless.xml'));
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: 1, articlesAdded: 1, errors: [] });
    const [{ article }] = await itemsOf(id);
    expect(article.body.length).toBeGreaterThan(MAX_HTML_LENGTH - 100);
    expect(article.body.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(article.body.startsWith('<p>Paragraph 0 of an endless entry, with <b>some</b> words.</p>')).toBe(true);
    expect(article.body).toMatch(/<\/p>$/);
    expect(article.wordCount).toBe(countWords(article.bodyText));
    expect(article.wordCount).toBeLessThan(60_000);
  }, 60_000);
});

describe('a refresh that fails inside the database', () => {
  it("records what kind of trouble it was, not the database's own message, which anyone could read in health.lastError", async () => {
    web.route('/feeds/refused.xml', { headers: rssHeaders, body: rss([{ guid: 'r1', title: 'Refused', link: 'https://refused.example/1', pubDate: 'Mon, 25 Mar 2024 08:00:00 GMT' }]) });
    const id = await addSource(web.url('/feeds/refused.xml'));
    await app.dataSource.query(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'relation secret_internal_table at 10.0.0.7'; END $$`);
    await app.dataSource.query(`CREATE TRIGGER test_refuse BEFORE INSERT ON news_item FOR EACH ROW WHEN (NEW.url LIKE 'https://refused.example/%') EXECUTE FUNCTION test_refuse()`);
    try {
      const report = await refresh(id);
      expect(report.status).toBe('FAILED');
      expect(report.errors).toEqual(["The refresh failed inside Newsline and nothing of it was stored; the server's log has the details."]);
      expect(report.source.health).toMatchObject({ consecutiveFailures: 1, lastError: report.errors[0] });
    } finally {
      await app.dataSource.query('DROP TRIGGER test_refuse ON news_item');
      await app.dataSource.query('DROP FUNCTION test_refuse()');
    }
    expect((await refresh(id)).status).toBe('UPDATED');
  });
});

describe('a misbehaving server', () => {
  it.each([
    ['/retry-after', /429/],
    ['/hang', /timed? ?out|timeout/i],
    ['/endless', /larger than|too large|at most/i],
    ['/gzip-bomb', /larger than|too large|at most/i],
    ['/redirect-loop', /redirect/i],
    ['/not-found', /404/],
  ])('%s ends the refresh as FAILED with a reason, and the server goes on serving', async (path, reason) => {
    const id = await sourceAlreadyAdded(web.url(path));
    const itemsBefore = await count('news_item');
    const started = Date.now();
    const report = await refresh(id);
    expect(report.status).toBe('FAILED');
    expect(report.errors[0]).toMatch(reason);
    expect(report.source.health).toMatchObject({ consecutiveFailures: 1, lastError: report.errors[0] });
    expect(Date.parse(report.nextFetchAt)).toBeGreaterThan(started);
    expect(await count('news_item')).toBe(itemsBefore);
    const { body } = await app.graphql('{ sources { totalCount } }');
    expect(body.data.sources.totalCount).toBeGreaterThan(0);
  });

  it('honours Retry-After when it asks for longer than the interval', async () => {
    web.route('/feeds/throttled.xml', { status: 429, headers: { 'retry-after': '120' } });
    const id = await sourceAlreadyAdded(web.url('/feeds/throttled.xml'), { fetchIntervalSeconds: 60 });
    const before = Date.now();
    const report = await refresh(id);
    // 120 s after the refresh started (not the 60 s interval), however long the refresh took.
    expect(Date.parse(report.nextFetchAt)).toBeGreaterThanOrEqual(before + 120_000);
    expect(Date.parse(report.nextFetchAt)).toBeLessThanOrEqual(Date.now() + 120_000);
  });

  it.each([
    ['malformed XML', '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>unterminated</item></channel>'],
    [
      'a billion-laughs document',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://lol.example/1</link></item></channel></rss>`,
    ],
  ])('%s stores nothing and does not hurt the server', async (name, body) => {
    const path = `/feeds/${name.replace(/\W+/g, '-')}.xml`;
    web.route(path, { headers: rssHeaders, body });
    const id = await sourceAlreadyAdded(web.url(path));
    const itemsBefore = await count('news_item');
    const report = await refresh(id);
    const stored = await itemsOf(id);
    expect(report.status === 'FAILED' || stored.every((i) => i.title.length < 1000)).toBe(true);
    if (report.status === 'FAILED') expect(await count('news_item')).toBe(itemsBefore);
    const { body: ok } = await app.graphql('{ categories { id } }');
    expect(ok.data).toBeDefined();
  });
});

describe('conditional GET and concurrency', () => {
  it('a 304 writes nothing but the fetch time', async () => {
    let etagBody = rss([{ guid: 'c1', title: 'Cached', link: 'https://c.example/1', pubDate: 'Sat, 23 Mar 2024 08:00:00 GMT' }]);
    web.route('/feeds/cached.xml', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') return response.writeHead(304).end();
      response.writeHead(200, { ...rssHeaders, etag: '"v1"' }).end(etagBody);
    });
    const id = await addSource(web.url('/feeds/cached.xml'));
    expect((await refresh(id)).status).toBe('UPDATED');
    const [before] = await app.dataSource.query(`SELECT etag, last_success_at, last_fetched_at FROM source WHERE feed_url = $1`, [web.url('/feeds/cached.xml')]);
    etagBody = 'not read';
    const report = await refresh(id);
    expect(report).toMatchObject({ status: 'NOT_MODIFIED', itemsSeen: 0, itemsAdded: 0 });
    const [after] = await app.dataSource.query(`SELECT etag, last_success_at, last_fetched_at FROM source WHERE feed_url = $1`, [web.url('/feeds/cached.xml')]);
    expect(after.etag).toBe('"v1"');
    expect(after.last_success_at).toEqual(before.last_success_at);
    expect(after.last_fetched_at.getTime()).toBeGreaterThan(before.last_fetched_at.getTime());
    expect(web.requestsTo('/feeds/cached.xml').at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('refuses a second refresh of a source while one is running', async () => {
    // The feed is answered only once the second refresh has been refused: the first is running all along, however slow the machine.
    let fetching!: () => void;
    const fetched = new Promise<void>((resolve) => (fetching = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    web.route('/feeds/slow.xml', (_request, response) => {
      fetching();
      void answered.then(() => response.writeHead(200, rssHeaders).end(rss([])));
    });
    const id = await sourceAlreadyAdded(web.url('/feeds/slow.xml'));
    const mutation = `mutation($id: ID!) { refreshSource(id: $id) { status } }`;
    const running = app.graphql(mutation, { id }, auth);
    await fetched;
    const second = await app.graphql(mutation, { id }, auth);
    answer();
    const first = await running;
    expect(first.body.data.refreshSource.status).toBe('UPDATED');
    expect(second.body.errors[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: `Source ${id} is being refreshed by this process (another refresh of it is under way); ask again when that refresh has finished.`,
    });
  });
});

describe('full text', () => {
  it("fetches each new entry's page for a full-text source, keeping the page's chrome out of the body", async () => {
    const page = (n: number) => `<!doctype html><html lang="en"><head><title>Story ${n} | Daily</title>
      <link rel="canonical" href="${web.url(`/story/${n}`)}">
      <meta property="og:title" content="Ferry line ${n} restored">
      <meta property="article:published_time" content="2024-03-20T16:00:00+04:00">
      <meta name="author" content="Ana Reyes"></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Ferry line ${n} restored</h1>${longBody(250, `ferry${n}`)}
        <p>Read also: <a href="/other">Another story</a></p></article>
      <aside><h2>News line</h2><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/n/${i}">Headline ${i}</a> 12:${String(i).padStart(2, '0')} 18.04.2025</li>`).join('')}</ul></aside>
      </body></html>`;
    for (const n of [1, 2]) web.route(`/story/${n}`, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page(n) });
    web.route('/feeds/summaries.xml', {
      headers: rssHeaders,
      body: rss([
        ...[1, 2].map((n) => ({ guid: `s${n}`, title: `Ferry line ${n} restored`, link: web.url(`/story/${n}?utm_source=feed`), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT', description: 'A short summary.' })),
        { guid: 's3', title: 'Gone', link: web.url('/not-found'), pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT' },
      ]),
    });
    const id = await addSource(web.url('/feeds/summaries.xml'), { fullText: true });
    const report = await refresh(id);
    expect(report).toMatchObject({
      status: 'UPDATED',
      itemsAdded: 3,
      articlesAdded: 2,
      headlinesOnly: 0,
      pagesFetched: 2,
      pagesFailed: 1,
      errors: [`Could not read the article page ${web.url('/not-found')}: expected a 2xx response from ${web.url('/not-found')}; got 404 Not Found`],
    });
    const items = (await itemsOf(id)).filter((item) => item.title !== 'Gone');
    for (const item of items) {
      expect(item.article.url).toMatch(/\/story\/[12]$/);
      expect(item.article.bodyText).toMatch(/ferry\d council met on Tuesday/);
      expect(item.article.bodyText).not.toMatch(/Headline 17|News line|Read also/);
      expect(item.article.wordCount).toBeGreaterThan(200);
    }
    // Pages already read are not fetched again on the next refresh.
    const fetchesBefore = web.requestsTo('/story/1').length;
    await refresh(id);
    expect(web.requestsTo('/story/1')).toHaveLength(fetchesBefore);
  });
});

describe('article pages a refresh did not read', () => {
  const articlePage = (title: string, marker: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head>
    <body><article><h1>${title}</h1>${longBody(250, marker)}</article></body></html>`;
  const html = { 'content-type': 'text/html; charset=utf-8' };

  /** A feed that answers 304 to its own ETag, as most do; entries carry no content, so each page is fetched. */
  function conditionalFeed(path: string, etag: string, entries: { guid: string; title: string; link: string }[]) {
    const body = rss(entries.map((entry) => ({ ...entry, pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT', description: 'A short summary.' })));
    web.route(path, (request, response) => {
      if (request.headers['if-none-match'] === etag) return response.writeHead(304).end();
      response.writeHead(200, { ...rssHeaders, etag }).end(body);
    });
  }

  async function health(id: string) {
    const { body } = await app.graphql(`query($id: ID!) { node(id: $id) { ... on Source { health { lastError lastSuccessAt pagesFailed lastPageError } } } }`, { id });
    expect(body.errors).toBeUndefined();
    return body.data.node.health;
  }

  const articleOf = async (id: string, link: string) => (await itemsOf(id)).find((item) => item.url === link)?.article ?? null;

  it('are read on the next refresh, the feed then fetched in full (no 304), and the health says how many failed and why', async () => {
    let outage = true;
    web.route('/flaky/1', { headers: html, body: articlePage('Ferry line resumes', 'ferry') });
    web.route('/flaky/2', (_request, response) => {
      if (outage) return response.writeHead(503).end();
      response.writeHead(200, html).end(articlePage('Tram line extended', 'tram'));
    });
    const links = [web.url('/flaky/1'), web.url('/flaky/2')];
    conditionalFeed('/feeds/flaky.xml', '"flaky-v1"', [
      { guid: 'f1', title: 'Ferry line resumes', link: links[0] },
      { guid: 'f2', title: 'Tram line extended', link: links[1] },
    ]);
    const id = await addSource(web.url('/feeds/flaky.xml'), { fullText: true });

    const first = await refresh(id);
    const failure = `Could not read the article page ${links[1]}: expected a 2xx response from ${links[1]}; got 503 Service Unavailable`;
    expect(first).toMatchObject({ status: 'UPDATED', itemsAdded: 2, articlesAdded: 1, pagesFetched: 1, pagesFailed: 1, errors: [failure] });
    expect(await health(id)).toMatchObject({ lastError: null, pagesFailed: 1, lastPageError: failure });
    expect(await articleOf(id, links[1])).toBeNull();

    // The feed has not changed; its page is back.
    outage = false;
    const second = await refresh(id);
    expect(web.requestsTo('/feeds/flaky.xml').at(-1)?.headers['if-none-match']).toBeUndefined();
    expect(second).toMatchObject({ status: 'UPDATED', itemsAdded: 0, articlesAdded: 1, pagesFetched: 1, pagesFailed: 0, errors: [] });
    expect(await health(id)).toMatchObject({ lastError: null, pagesFailed: 0, lastPageError: null });
    expect((await articleOf(id, links[1]))?.bodyText).toMatch(/tram council met on Tuesday/);

    // Every page read: conditional requests again.
    expect((await refresh(id)).status).toBe('NOT_MODIFIED');
    expect(web.requestsTo('/feeds/flaky.xml').at(-1)?.headers['if-none-match']).toBe('"flaky-v1"');
  });

  it('past the pages one refresh may read are read by the next, though the feed has not changed', async () => {
    const pages = 32; // MAX_PAGES_PER_REFRESH is 30
    const links = Array.from({ length: pages }, (_, n) => web.url(`/many/${n}`));
    links.forEach((_link, n) => web.route(`/many/${n}`, { headers: html, body: articlePage(`Harbour report ${n}`, `harbour${n}`) }));
    conditionalFeed('/feeds/many.xml', '"many-v1"', links.map((link, n) => ({ guid: `m${n}`, title: `Harbour report ${n}`, link })));
    const id = await addSource(web.url('/feeds/many.xml'), { fullText: true });

    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: pages, articlesAdded: 30, pagesFetched: 30, pagesFailed: 0 });
    expect(await health(id)).toMatchObject({ pagesFailed: 0, lastPageError: null });
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsAdded: 0, articlesAdded: 2, pagesFetched: 2, pagesFailed: 0 });
    expect((await itemsOf(id)).filter((item) => item.article === null)).toEqual([]);
    expect((await refresh(id)).status).toBe('NOT_MODIFIED');
  });
});

describe('a large feed', () => {
  it('is stored in multi-row statements with every outcome counted exactly', async () => {
    const entries = (changed: { titles: number[]; bodies: number[] }) =>
      Array.from({ length: 1100 }, (_, n) => ({
        guid: `big-${n}`,
        title: changed.titles.includes(n) ? `Entry ${n}, corrected` : `Entry ${n}`,
        link: `https://big.example/${n}`,
        pubDate: 'Wed, 20 Mar 2024 12:00:00 GMT',
        // Even entries carry a whole article; odd ones only a headline.
        ...(n % 2 === 0 ? { content: longBody(130, changed.bodies.includes(n) ? `revised${n}` : `entry${n}`) } : {}),
      }));
    web.route('/feeds/big.xml', { headers: rssHeaders, body: rss(entries({ titles: [], bodies: [] })) });
    const id = await addSource(web.url('/feeds/big.xml'));
    expect(await refresh(id)).toMatchObject({ status: 'UPDATED', itemsSeen: 1100, itemsAdded: 1100, itemsUpdated: 0, articlesAdded: 550, headlinesOnly: 550 });
    web.route('/feeds/big.xml', { headers: rssHeaders, body: rss(entries({ titles: [1, 3, 5], bodies: [10, 12] })) });
    expect(await refresh(id)).toMatchObject({ itemsAdded: 0, itemsUpdated: 3, itemsUnchanged: 1097, articlesAdded: 0, articlesUpdated: 2 });
    expect(await count('article WHERE url LIKE \'https://big.example/%\'')).toBe(550);
  });
});
