import { insertArticle, insertCategory, insertNewsItem, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';
import { liveClient, subscribe, subscriptionsRunning, wsUrl } from '../helpers/live-client';
import { longBody, rss } from '../helpers/feeds';
import { startFixtureServer } from '../helpers/fixture-server';
import { ApolloClient, gql, InMemoryCache } from '@apollo/client/core';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { toGlobalId } from '../../src/domain/global-id';
import { ChangeLogRepository } from '../../src/db/repositories/change-log.repository';
import { NewsItemEntity, StoryEntity } from '../../src/db/entities';
import { sqlStatements } from '../../src/db/statement-counter';

let app: TestApp;
const clients: ReturnType<typeof liveClient>[] = [];
const client = () => {
  const made = liveClient(app.url);
  clients.push(made);
  return made;
};

beforeAll(async () => {
  app = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true' });
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

describe('ingest in the same process (the embedded database, or a server)', () => {
  it('pushes the articles and headlines a refresh stores, once each', async () => {
    const web = await startFixtureServer();
    try {
      const entry = (n: number) => ({ guid: `ingested-${n}`, title: `Ingested ${n}`, link: web.url(`/ingested/${n}`), pubDate: new Date().toUTCString(), content: longBody(200, `ingested${n}`) });
      web.route('/live.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss([entry(1), entry(2)], { title: 'Live feed' }) });
      const source = await app.services.sourceAdmin.add({ url: web.url('/live.xml'), kind: 'RSS' });
      const filter = { sourceIds: [toGlobalId('Source', source.id)] };
      const c = client();
      const articles = subscribe(c, ARTICLE_ADDED, { filter });
      const items = subscribe(c, 'subscription ($filter: NewsItemFilter) { newsItemAdded(filter: $filter) { node { title article { title } } } }', { filter });
      await subscriptionsRunning(app.url, 2);
      const report = await app.services.sourceAdmin.refresh(source.id);
      expect(report.status).toBe('UPDATED');
      const pushed = await articles.waitFor(2);
      expect(pushed.map((r) => r.data?.articleAdded.node.title).sort()).toEqual(['Ingested 1', 'Ingested 2']);
      const headlines = await items.waitFor(2);
      expect(headlines.map((r) => r.data?.newsItemAdded.node).sort((a, b) => a.title.localeCompare(b.title))).toEqual([
        { title: 'Ingested 1', article: { title: 'Ingested 1' } },
        { title: 'Ingested 2', article: { title: 'Ingested 2' } },
      ]);
      // Refreshed again unchanged: nothing new is pushed.
      await app.services.sourceAdmin.refresh(source.id);
      await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'After the second refresh' });
      const [, , last] = await articles.waitFor(3);
      expect(last.data?.articleAdded.node.title).toBe('After the second refresh');
    } finally {
      await web.close();
    }
  });
});

describe('Apollo Client with GraphQLWsLink', () => {
  it('receives the events and keeps each node in its normalized cache, by __typename and id', async () => {
    const source = await insertSource(app.dataSource, { name: 'Apollo desk' });
    const ws = createClient({ url: wsUrl(app.url), webSocketImpl: WebSocket, retryAttempts: 0 });
    const apollo = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
    const received: { articleAdded: { cursor: string; node: { id: string; title: string } } }[] = [];
    const subscription = apollo
      .subscribe({
        query: gql`
          subscription ($filter: ArticleFilter) {
            articleAdded(filter: $filter) { cursor node { id title source { id name } } }
          }
        `,
        variables: { filter: { sourceIds: [toGlobalId('Source', source.id)] } },
      })
      .subscribe({ next: ({ data }) => data && received.push(data) });
    try {
      await subscriptionsRunning(app.url, 1);
      const article = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Through Apollo' });
      for (const deadline = Date.now() + 10_000; received.length === 0; await new Promise((done) => setTimeout(done, 20))) {
        if (Date.now() > deadline) throw new Error('No event reached Apollo Client within 10 s');
      }
      const id = toGlobalId('Article', article.id);
      expect(received[0].articleAdded).toMatchObject({ __typename: 'ArticleAddedEvent', cursor: expect.any(String), node: { __typename: 'Article', id, title: 'Through Apollo' } });
      expect(apollo.cache.extract()[`Article:${id}`]).toMatchObject({ title: 'Through Apollo', source: { __ref: `Source:${toGlobalId('Source', source.id)}` } });
    } finally {
      subscription.unsubscribe();
      await ws.dispose();
    }
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

describe('storyUpdated', () => {
  it('pushes a story when a headline of a filtered source joins it, as it is after the change, and no story of other sources', async () => {
    const [wanted, other] = [await insertSource(app.dataSource), await insertSource(app.dataSource)];
    const now = new Date();
    const storyOf = (title: string, sourceId: number) =>
      app.dataSource.transaction(async (manager) => {
        const made = await manager.getRepository(StoryEntity).save({ title, firstPublishedAt: now, lastPublishedAt: now, topAt: now, itemCount: 1, sourceCount: 1 });
        await manager.getRepository(NewsItemEntity).save({ sourceId, guid: title, url: `https://e.example/${made.id}`, publishedAt: now, title, storyId: made.id });
        return made;
      });
    const story = await storyOf('Harbour plan', other.id);
    const live = subscribe(client(), 'subscription ($filter: StoryFilter) { storyUpdated(filter: $filter) { cursor node { id title itemCount sources { id } } } }', {
      filter: { sourceIds: [toGlobalId('Source', wanted.id)] },
    });
    await subscriptionsRunning(app.url, 1);
    // A story of the other source only: never pushed.
    const elsewhere = await storyOf('Bridge closed', other.id);
    // A headline of the wanted source joins the first story, and the story changes twice, in one commit: pushed once, as it is at the end.
    await app.dataSource.transaction(async (manager) => {
      await manager.getRepository(StoryEntity).update(story.id, { itemCount: 2, sourceCount: 2 });
      await manager.getRepository(NewsItemEntity).save({ sourceId: wanted.id, guid: 'harbour-2', url: 'https://e.example/harbour-2', publishedAt: now, title: 'Harbour plan agreed', storyId: story.id });
      await manager.getRepository(StoryEntity).update(story.id, { title: 'Harbour plan agreed' });
    });
    const [event] = await live.waitFor(1);
    expect(event.data?.storyUpdated.node).toEqual({
      id: toGlobalId('Story', story.id),
      title: 'Harbour plan agreed',
      itemCount: 2,
      sources: [{ id: toGlobalId('Source', Math.min(wanted.id, other.id)) }, { id: toGlobalId('Source', Math.max(wanted.id, other.id)) }],
    });
    await app.dataSource.getRepository(StoryEntity).update(elsewhere.id, { itemCount: 3 });
    await insertArticle(app.dataSource, { sourceId: wanted.id, publishedAt: now });
    await new Promise((done) => setTimeout(done, 300));
    expect(live.results).toHaveLength(1);
  });
});

describe('each batch of changes', () => {
  const RICH = 'subscription { articleAdded { node { title source { name } category { name } story { id } newsItems { title } } } }';

  /** The statements this process sends while one article reaches `subscribers` subscriptions, whose node fields need loaders. */
  async function statementsFor(subscribers: number): Promise<number> {
    const source = await insertSource(app.dataSource);
    const c = client();
    const subscriptions = Array.from({ length: subscribers }, () => subscribe(c, RICH));
    await subscriptionsRunning(app.url, subscribers);
    const before = sqlStatements.total;
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date() });
    for (const subscription of subscriptions) await subscription.waitFor(1);
    const sent = sqlStatements.total - before;
    subscriptions.forEach((subscription) => subscription.stop());
    await subscriptionsRunning(app.url, 0, 10_000, 'at most');
    return sent;
  }

  it('gives each subscriber its own selection, though subscribers with the same one share its execution', async () => {
    const source = await insertSource(app.dataSource, { name: 'Shared' });
    const c = client();
    const withVariable = 'subscription ($filter: ArticleFilter, $withSource: Boolean!) { articleAdded(filter: $filter) { node { title source @include(if: $withSource) { name } } } }';
    const plain = subscribe(c, withVariable, { withSource: false });
    const filtered = subscribe(c, withVariable, { withSource: false, filter: { sourceIds: [toGlobalId('Source', source.id)] } });
    const withSource = subscribe(c, withVariable, { withSource: true });
    const other = subscribe(c, 'subscription { articleAdded { cursor } }');
    await subscriptionsRunning(app.url, 4);
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Once' });
    const [[a], [b], [d], [e]] = await Promise.all([plain.waitFor(1), filtered.waitFor(1), withSource.waitFor(1), other.waitFor(1)]);
    expect([a.data, b.data, d.data]).toEqual([
      { articleAdded: { node: { title: 'Once' } } },
      { articleAdded: { node: { title: 'Once' } } },
      { articleAdded: { node: { title: 'Once', source: { name: 'Shared' } } } },
    ]);
    expect(e.data).toEqual({ articleAdded: { cursor: expect.any(String) } });
  });

  it('reads its nodes and their relations once, whatever the number of subscribers', async () => {
    const one = await statementsFor(1);
    expect(await statementsFor(10)).toBe(one);
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

describe('a cursor', () => {
  it('from the future is refused', async () => {
    const { body } = await app.graphql('{ syncCursor }');
    const [version, database, commit] = Buffer.from(body.data.syncCursor, 'base64url').toString().split(':');
    expect([version, database]).toEqual(['c3', expect.stringMatching(/^[0-9a-f]{12}$/)]);
    const future = Buffer.from(`c2:${database}:${BigInt(commit) + 1000n}:1`).toString('base64url');
    const [result] = await subscribe(client(), ARTICLE_ADDED, { after: future }).waitFor(1);
    // Only a database restored from a copy older than the cursor has not made a commit a cursor names.
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FULL_RESYNC_REQUIRED', expect.stringContaining('which this database has not made')]]);
  });

  it('of another database is refused with FULL_RESYNC_REQUIRED, though its commit is one of this log', async () => {
    const { body } = await app.graphql('{ syncCursor }');
    const [, database, commit, seq] = Buffer.from(body.data.syncCursor, 'base64url').toString().split(':');
    const other = database === '000000000000' ? '111111111111' : '000000000000';
    const foreign = Buffer.from(`c2:${other}:${commit}:${seq}`).toString('base64url');
    const [result] = await subscribe(client(), ARTICLE_ADDED, { after: foreign }).waitFor(1);
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FULL_RESYNC_REQUIRED', expect.stringMatching(/^`after` is a cursor of another database/)]]);
  });

  // Last: it prunes the whole change log.
  it('older than the changes kept is refused with FULL_RESYNC_REQUIRED', async () => {
    const { body } = await app.graphql('{ syncCursor }');
    await insertArticle(app.dataSource, { sourceId: (await insertSource(app.dataSource)).id, publishedAt: new Date() });
    await new ChangeLogRepository(app.dataSource).prune(new Date(Date.now() + 60_000));
    const [result] = await subscribe(client(), ARTICLE_ADDED, { after: body.data.syncCursor }).waitFor(1);
    expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FULL_RESYNC_REQUIRED', expect.stringContaining('older than the changes this server keeps')]]);
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// PGlite is one session: its transactions cannot commit out of order.
onServer('two writers whose transactions commit out of order (PostgreSQL)', () => {
  it('reach a subscriber both, and a client resuming from the later-numbered one misses neither', async () => {
    const url = app.database.target.databaseUrl!;
    const [early, late] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([early.connect(), late.connect()]);
    try {
      const source = await insertSource(app.dataSource, { name: 'Interleaved' });
      const live = subscribe(client(), ARTICLE_ADDED);
      await subscriptionsRunning(app.url, 1);
      const { body } = await app.graphql('{ syncCursor }');
      const insert = (c: Client, title: string) =>
        c.query(`INSERT INTO article (source_id, url, title, published_at, tags, word_count) VALUES ($1, 'https://e.example/' || $2, $2, now(), '{}', 1)`, [source.id, title]);
      // `early` writes first (the smaller sequence number) but commits last.
      await early.query('BEGIN');
      await insert(early, 'early');
      await late.query('BEGIN');
      await insert(late, 'late');
      await late.query('COMMIT');
      const [first] = await live.waitFor(1);
      expect(first.data?.articleAdded.node.title).toBe('late');
      await early.query('COMMIT');
      const both = await live.waitFor(2);
      expect(both.map((r) => r.data?.articleAdded.node.title)).toEqual(['late', 'early']);
      // Resuming from where the stream stood before either, or after the first: the same events, in the same order.
      const fromStart = await subscribe(client(), ARTICLE_ADDED, { after: body.data.syncCursor }).waitFor(2);
      expect(fromStart.map((r) => r.data?.articleAdded.node.title)).toEqual(['late', 'early']);
      const [rest] = await subscribe(client(), ARTICLE_ADDED, { after: first.data?.articleAdded.cursor }).waitFor(1);
      expect(rest.data?.articleAdded.node.title).toBe('early');
    } finally {
      await Promise.all([early.end(), late.end()]);
    }
  });
});
