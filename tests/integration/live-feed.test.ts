import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeLogRepository } from '../../src/db/repositories/change-log.repository';
import { LiveFeed } from '../../src/graphql/live/live-feed';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticle, insertSource } from '../helpers/fixtures';

let app: TestApp;
let feed: LiveFeed;
beforeAll(async () => {
  app = await startTestApp();
  feed = new LiveFeed(app.changes, new ChangeLogRepository(app.dataSource), app.services, 1000);
});
afterAll(async () => {
  feed?.close();
  await app?.close();
});

/** Follows articleAdded, taking one event every `takeEveryMs`, while a writer stores an article every `writeEveryMs`; at most `most` events. */
async function follow(takeEveryMs: number, writeEveryMs: number, most: number): Promise<{ taken: number; behind: boolean }> {
  const source = await insertSource(app.dataSource);
  const abort = new AbortController();
  let behind = false;
  const events = await feed.articleAdded(await app.services.articles.checkedFilter({}), { signal: abort.signal, maxLagMs: 1000, onBehind: () => (behind = true) });
  let writing = true;
  const writer = (async () => {
    for (let n = 0; writing && n < most; n++) {
      await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date() });
      await sleep(writeEveryMs);
    }
  })();
  let taken = 0;
  try {
    for await (const _event of events) {
      if (++taken >= most) break;
      await sleep(takeEveryMs);
    }
  } finally {
    writing = false;
    abort.abort();
    await writer;
  }
  return { taken, behind };
}

describe('a subscriber', () => {
  it('that takes events more slowly than they come is let go once it is more than maxLagMs behind', async () => {
    // 20 ms between articles, 400 ms between takes: a second behind after a few events.
    const { taken, behind } = await follow(400, 20, 60);
    expect(behind).toBe(true);
    expect(taken).toBeLessThan(60);
  });

  it('that keeps up is not', async () => {
    const { taken, behind } = await follow(0, 20, 30);
    expect([taken, behind]).toEqual([30, false]);
  });
});
