import { ArticleEntity } from '../../src/db/entities';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';
import { subscriptionsRunning } from '../helpers/live-client';
import { RawConnection } from '../helpers/raw-live';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LIVE_MAX_REPLAY: '3' });
});
afterAll(async () => {
  await app?.close();
});

const connections: RawConnection[] = [];
const open = async () => {
  const connection = await RawConnection.open(app.url);
  connections.push(connection);
  return connection;
};
afterEach(async () => {
  connections.splice(0).forEach((c) => c.close());
  await subscriptionsRunning(app.url, 0, 10_000, 'at most');
});

/** The errors a subscription was refused with, as [code, message]. */
async function refusal(connection: RawConnection, id: string): Promise<[string, string][]> {
  const error = await connection.message((m) => m.id === id && (m.type === 'error' || m.type === 'next'));
  const errors = error.type === 'error' ? error.payload : error.payload.errors;
  return errors.map((e: { extensions: { code: string }; message: string }) => [e.extensions.code, e.message]);
}

describe('frames and values a client library would not send', () => {
  const healthy = async () => {
    expect((await fetch(app.url.replace('/graphql', '/readyz'))).status).toBe(200);
    const { body } = await app.graphql('{ articles(first: 1) { nodes { id } } }');
    expect(body.errors).toBeUndefined();
  };

  it('closes only that connection on a message over the size limit (1009), and goes on serving', async () => {
    const connection = await open();
    connection.socket.send('x'.repeat(32 * 1024 + 1));
    expect((await connection.closed).code).toBe(1009);
    await healthy();
  });

  it('keeps subscribe messages to LIVE_MAX_MESSAGE_BYTES: a document padded with a comment runs within it and closes the connection past it', async () => {
    // A running subscription keeps its subscribe message: a comment of 1 MB once made each of a client's 1,000
    // subscriptions hold a megabyte (comments are no tokens, so MAX_TOKENS let them through).
    const query = (padding: number) => `#${'x'.repeat(padding)}\nsubscription { articleAdded { cursor } }`;
    const within = await open();
    within.subscribe('1', query(30 * 1024));
    await subscriptionsRunning(app.url, 1, 10_000, 'at least');
    const past = await open();
    past.subscribe('1', query(33 * 1024));
    expect((await past.closed).code).toBe(1009);
    expect(within.socket.readyState).toBe(within.socket.OPEN);
  });

  it('closes only that connection on text that is not UTF-8 (1007), and goes on serving', async () => {
    const connection = await open();
    // A masked text frame holding the bytes FF FE, which no UTF-8 text contains.
    const mask = [1, 2, 3, 4];
    const frame = Buffer.from([0x81, 0x82, ...mask, 0xff ^ mask[0], 0xfe ^ mask[1]]);
    (connection.socket as unknown as { _socket: import('node:net').Socket })._socket.write(frame);
    expect((await connection.closed).code).toBe(1007);
    await healthy();
  });

  it('refuses variables that do not fit their types with BAD_USER_INPUT, as over HTTP', async () => {
    const connection = await open();
    const query = 'subscription ($after: String, $filter: ArticleFilter) { articleAdded(after: $after, filter: $filter) { cursor } }';
    connection.subscribe('1', query, { filter: 'x' });
    expect(await refusal(connection, '1')).toEqual([['BAD_USER_INPUT', expect.stringMatching(/^Variable "\$filter" got invalid value "x"; Expected type "ArticleFilter" to be an object\./)]]);
    connection.subscribe('2', query, { after: { x: 1 } });
    expect((await refusal(connection, '2'))[0][0]).toBe('BAD_USER_INPUT');
  });
});

describe('a subscription resumed from far back', () => {
  it('is refused with RESUME_TOO_FAR_BEHIND beyond LIVE_MAX_REPLAY changes, pointing at changes(after:), and replays what is within it', async () => {
    const source = await insertSource(app.dataSource);
    const { body } = await app.graphql('{ syncCursor }');
    const before = body.data.syncCursor as string;
    const articles = app.dataSource.getRepository(ArticleEntity);
    for (let i = 0; i < 4; i++) {
      await articles.save({ url: `https://far.example/${i}`, sourceId: source.id, title: `Far ${i}`, publishedAt: new Date(), wordCount: 1 });
    }
    const connection = await open();
    connection.subscribe('1', 'subscription ($after: String) { articleAdded(after: $after) { cursor node { title } } }', { after: before });
    expect(await refusal(connection, '1')).toEqual([['RESUME_TOO_FAR_BEHIND', expect.stringMatching(/More than 3 changes .*LIVE_MAX_REPLAY.*changes\(after:\)/)]]);
    // Caught up with changes(after:), the client subscribes from its endCursor.
    const page = await app.graphql('query ($after: String) { changes(after: $after, first: 100) { pageInfo { endCursor } } }', { after: before });
    connection.subscribe('2', 'subscription ($after: String) { articleAdded(after: $after) { cursor node { title } } }', { after: page.body.data.changes.pageInfo.endCursor });
    await articles.save({ url: 'https://far.example/after', sourceId: source.id, title: 'After catching up', publishedAt: new Date(), wordCount: 1 });
    const event = await connection.message((m) => m.id === '2' && m.type === 'next');
    expect(event.payload.data.articleAdded.node.title).toBe('After catching up');
  });
});
