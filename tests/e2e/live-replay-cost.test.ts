import { ChangeLogRepository } from '../../src/db/repositories/change-log.repository';
import { databaseTag, END_OF_COMMIT, encodeChangeCursor } from '../../src/domain/change';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticle, insertSource } from '../helpers/fixtures';
import { subscriptionsRunning } from '../helpers/live-client';
import { RawConnection } from '../helpers/raw-live';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_POINTS: '100' });
});
afterAll(async () => {
  await app?.close();
});

describe('a subscription resumed with `after`', () => {
  it('is charged for each event it replays, and stops with RATE_LIMITED where the budget ends, no event lost', async () => {
    const source = await insertSource(app.dataSource, { name: 'Replay Post' });
    const [{ last }] = await app.dataSource.query('SELECT last::text AS last FROM change_counter');
    // A cursor as the API gives them, naming this database.
    const after = encodeChangeCursor({ commit: last, seq: END_OF_COMMIT }, databaseTag(await new ChangeLogRepository(app.dataSource).identity()));
    for (let i = 0; i < 30; i++) await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(Date.UTC(2026, 10, 1, 0, i)), title: `Replayed ${i}` });
    // The server's stream reads the commits within a second: from then on they are replayed from the log, not live.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const connection = await RawConnection.open(app.url);
    try {
      // 13 points an event (the event, the article, its body and body text, its source), as over HTTP.
      connection.subscribe('1', 'subscription($after: String) { articleAdded(after: $after) { cursor node { title body bodyText source { name } } } }', { after });
      await connection.message((m) => m.id === '1' && m.type === 'complete');
      const nexts = connection.messages.filter((m) => m.id === '1' && m.type === 'next');
      const titles = nexts.filter((m) => m.payload.data).map((m) => m.payload.data.articleAdded.node.title);
      // 100 points: 13 to subscribe, 13 for each of 6 replayed events; the 7th does not fit.
      expect(titles).toEqual(['Replayed 0', 'Replayed 1', 'Replayed 2', 'Replayed 3', 'Replayed 4', 'Replayed 5']);
      const refused = nexts[nexts.length - 1].payload.errors;
      expect(refused).toEqual([
        {
          message: expect.stringMatching(/^The rate limit of 100 cost points per minute for your address is spent; .* subscribe again with `after` set to the cursor of the last event you received/),
          extensions: expect.objectContaining({ code: 'RATE_LIMITED' }),
        },
      ]);
      await subscriptionsRunning(app.url, 0, 10_000, 'at most');
    } finally {
      connection.close();
    }
  });
});

describe('a subscribe that is refused', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp({ RATE_LIMIT_POINTS: '1000' });
  });
  afterAll(async () => {
    await other?.close();
  });

  /** What an HTTP query left of the address's budget, and what it cost. */
  const remaining = async (): Promise<{ remaining: number; cost: number }> => {
    const response = await fetch(other.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ sources(first: 1) { totalCount } }' }) });
    await response.text();
    return { remaining: Number(response.headers.get('ratelimit-remaining')), cost: Number(response.headers.get('query-cost')) };
  };

  it('is charged 1 point, as a refused request over HTTP is', async () => {
    const before = await remaining();
    const connection = await RawConnection.open(other.url);
    try {
      connection.subscribe('1', 'subscription { articleAdded { nosuchfield } }');
      connection.subscribe('2', 'not graphql at all {{{');
      connection.subscribe('3', '{ sources(first: 1) { totalCount } }');
      for (const id of ['1', '2', '3']) await connection.message((m) => m.id === id && m.type === 'error');
    } finally {
      connection.close();
    }
    const after = await remaining();
    expect(before.remaining - after.remaining).toBe(after.cost + 3);
  });
});
