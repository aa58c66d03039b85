import { Client } from 'pg';
import { decodeChangeCursor } from '../../src/domain/change';
import { ensureBuilt, runNewsline, spawnNewsline, type NewslineProcess } from '../helpers/cli-process';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { longBody, rss, type TestEntry } from '../helpers/feeds';
import { FixtureServer, startFixtureServer } from '../helpers/fixture-server';
import { liveClient, subscribe, subscriptionsRunning } from '../helpers/live-client';
import { SERVER_START_MS, ServerProcess, startServerProcess } from '../helpers/server-process';

// Processes of their own (servers, a worker, the CLI) on one PostgreSQL database: PGlite is opened by one process only.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

jest.setTimeout(180_000);

const ARTICLE_ADDED = `subscription ($filter: ArticleFilter, $after: String) {
  articleAdded(filter: $filter, after: $after) { cursor node { title source { name } } }
}`;

onServer('live updates across processes (PostgreSQL)', () => {
  let database: TestDatabase;
  let web: FixtureServer;
  let server: ServerProcess;
  let worker: NewslineProcess | null = null;
  let db: Client;
  const clients: ReturnType<typeof liveClient>[] = [];
  const entries: Record<string, TestEntry[]> = { '/desk.xml': [], '/other.xml': [] };
  let published = 0;
  const env = () => ({ DATABASE_URL: database.target.databaseUrl as string, ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn' });

  /** Puts an article (long enough to be stored as one) at the top of a feed. */
  const publish = (feed: string, title: string) => {
    published++;
    entries[feed].unshift({ guid: `g${published}`, title, link: web.url(`/a/${published}`), pubDate: new Date().toUTCString(), content: longBody(200, `story${published}`) });
    web.route(feed, { headers: { 'content-type': 'application/rss+xml' }, body: rss(entries[feed], { title: feed === '/desk.xml' ? 'The desk' : 'The other desk' }) });
  };
  const addSource = async (feed: string): Promise<string> => {
    const added = await runNewsline(['sources', 'add', web.url(feed), '--kind', 'RSS'], env());
    expect(added.stderr).toBe('');
    return /^Added (\S+)/.exec(added.stdout)![1];
  };
  const commitTime = async (cursor: string): Promise<number> => {
    const { rows } = await db.query('SELECT at FROM change_commit WHERE commit = $1', [decodeChangeCursor(cursor, 'cursor').commit]);
    return (rows[0].at as Date).getTime();
  };
  const client = (url: string) => {
    const made = liveClient(url);
    clients.push(made);
    return made;
  };

  beforeAll(() => ensureBuilt(), 180_000);
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.target.databaseUrl as string });
    await db.connect();
    web = await startFixtureServer();
    publish('/desk.xml', 'Before anyone listened');
    publish('/other.xml', 'Other, before anyone listened');
    server = await startServerProcess({ DATABASE_URL: database.target.databaseUrl as string });
  }, SERVER_START_MS + 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await worker?.stop();
    await server?.stop();
    await db?.end();
    await web?.close();
    await database?.dispose();
  });

  let desk: string;
  let lastCursor: string;

  it('an article stored by a `newsline worker` reaches the subscribers of the API process within 2 s of its commit, filtered', async () => {
    desk = await addSource('/desk.xml');
    await addSource('/other.xml');
    const filtered = subscribe(client(server.url), ARTICLE_ADDED, { filter: { sourceIds: [desk] } });
    const everything = subscribe(client(server.url), ARTICLE_ADDED);
    await subscriptionsRunning(server.url, 2);
    const receivedAt: number[] = [];
    const stamp = () => receivedAt.push(Date.now());
    worker = spawnNewsline(['worker'], { ...env(), REFRESH_POLL_SECONDS: '1' });
    const [event] = await filtered.waitFor(1, 60_000);
    stamp();
    expect(event.data?.articleAdded.node).toEqual({ title: 'Before anyone listened', source: { name: 'The desk' } });
    // The bound, from the commit (as PostgreSQL's clock stamped it) to the client holding the event.
    expect(receivedAt[0] - (await commitTime(event.data!.articleAdded.cursor))).toBeLessThan(2000);
    // The other source's article reached the unfiltered subscriber, and not the filtered one.
    const both = await everything.waitFor(2, 60_000);
    expect(both.map((r) => r.data?.articleAdded.node.title).sort()).toEqual(['Before anyone listened', 'Other, before anyone listened']);
    expect(filtered.results).toHaveLength(1);
    lastCursor = both[1].data!.articleAdded.cursor;
    everything.stop();
    filtered.stop();
    await worker.stop();
    worker = null;
  });

  it('a server restart loses nothing for a client that resumes with its cursor (graphql-ws reconnecting, as in the README)', async () => {
    const port = new URL(server.url).port;
    const reconnecting = liveClient(server.url, { retryAttempts: 600 });
    clients.push(reconnecting);
    // The README's pattern: graphql-ws sends this object again when it resubscribes, with the cursor of the last event.
    const variables: Record<string, unknown> = { after: lastCursor };
    const titles: string[] = [];
    const done = new Promise<void>((resolve, reject) =>
      reconnecting.subscribe<{ articleAdded: { cursor: string; node: { title: string } } }>(
        { query: ARTICLE_ADDED, variables },
        {
          next: ({ data, errors }) => {
            if (errors) return reject(new Error(JSON.stringify(errors)));
            variables.after = data!.articleAdded.cursor;
            titles.push(data!.articleAdded.node.title);
          },
          error: reject,
          complete: resolve,
        },
      ),
    );
    done.catch(() => undefined);
    const until = async (count: number) => {
      for (const deadline = Date.now() + 60_000; titles.length < count; await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} events; got ${JSON.stringify(titles)}`);
      }
    };
    await subscriptionsRunning(server.url, 1);
    publish('/desk.xml', 'Before the restart');
    expect((await runNewsline(['ingest', '--source', desk], env())).code).toBe(0);
    await until(1);
    // The server goes away (SIGTERM: it closes its connections with 1001); articles are stored while it is down.
    await server.stop();
    publish('/desk.xml', 'While the server was down 1');
    publish('/desk.xml', 'While the server was down 2');
    expect((await runNewsline(['ingest', '--source', desk], env())).code).toBe(0);
    // A new server on the same port: the client reconnects by itself and resubscribes from its last cursor.
    server = await startServerProcess({ DATABASE_URL: database.target.databaseUrl as string }, Number(port));
    await until(3);
    await subscriptionsRunning(server.url, 1);
    publish('/desk.xml', 'After the restart');
    expect((await runNewsline(['ingest', '--source', desk], env())).code).toBe(0);
    await until(4);
    await new Promise((r) => setTimeout(r, 300));
    // Each once, in commit order (the two stored while the server was down share a commit).
    expect(titles).toHaveLength(4);
    expect(titles[0]).toBe('Before the restart');
    expect(titles.slice(1, 3).sort()).toEqual(['While the server was down 1', 'While the server was down 2']);
    expect(titles[3]).toBe('After the restart');
  });
});
