import { startTestApp, TestApp } from '../helpers/app';
import { insertArticle, insertArticleSeries, insertSource } from '../helpers/fixtures';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/**
 * A mobile client pages a whole date range with `after` cursors while new articles keep arriving,
 * some newer than everything (the top of the feed) and some inside the range already paged.
 */
describe('a client paging a date range while articles are inserted', () => {
  it('sees every article once, in order: none twice, none of those ahead of it skipped', async () => {
    const source = await insertSource(app.dataSource);
    const to = new Date('2026-11-10T00:00:00.000Z');
    const from = new Date(to.getTime() - 24 * 3600_000);
    // 150 articles in the range, one every 9 minutes, plus some just outside either end.
    const initial = await insertArticleSeries(app.dataSource, 150, { sources: [source], newest: new Date(to.getTime() - 60_000), stepMs: 9 * 60_000 });
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: to, title: 'at the exclusive end' });
    await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(from.getTime() - 1), title: 'just before the range' });

    const query = `query($after: String, $from: DateTime!, $to: DateTime!) {
      articles(first: 13, after: $after, filter: { publishedAt: { from: $from, to: $to } }) {
        edges { node { id title publishedAt } } pageInfo { hasNextPage endCursor } } }`;
    const seen: { id: string; title: string; publishedAt: string }[] = [];
    const insertedBehind: string[] = [];
    const insertedAhead: string[] = [];
    let after: string | null = null;
    for (let pageNo = 0; pageNo < 100; pageNo++) {
      const response: { body: any } = await app.graphql(query, { after, from: from.toISOString(), to: to.toISOString() });
      expect(response.body.errors).toBeUndefined();
      const { edges, pageInfo }: { edges: any[]; pageInfo: any } = response.body.data.articles;
      seen.push(...edges.map((e: { node: (typeof seen)[number] }) => e.node));
      // Between pages: a breaking story at the top of the range, and a late-arriving one among rows already read.
      await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(to.getTime() - 1000 - pageNo), title: `breaking ${pageNo}` });
      const behind = await insertArticle(app.dataSource, {
        sourceId: source.id,
        publishedAt: new Date(new Date(seen[0].publishedAt).getTime() - 1),
        title: `late ${pageNo}`,
      });
      insertedBehind.push(behind.title);
      // And one still ahead of the cursor (older than the last row seen), which the client must reach.
      const lastSeen = Date.parse(seen[seen.length - 1].publishedAt);
      const aheadAt = new Date(from.getTime() + Math.floor((lastSeen - from.getTime()) / 2));
      const ahead = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: aheadAt, title: `ahead ${pageNo}` });
      insertedAhead.push(ahead.title);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    const ids = seen.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const initialTitles = initial.map((a) => a.title);
    expect(seen.map((a) => a.title).filter((t) => initialTitles.includes(t))).toEqual(initialTitles);
    const times = seen.map((a) => Date.parse(a.publishedAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(from.getTime());
      expect(t).toBeLessThan(to.getTime());
    }
    expect(seen.some((a) => a.title.startsWith('breaking'))).toBe(false);
    expect(seen.map((a) => a.title).filter((t) => insertedBehind.includes(t))).toEqual([]);
    // Ahead of the cursor when inserted, so reached: all but the one inserted after the last page.
    expect(seen.map((a) => a.title).filter((t) => t.startsWith('ahead')).sort()).toEqual(insertedAhead.slice(0, -1).sort());
    expect(seen.map((a) => a.title)).not.toContain('at the exclusive end');
    expect(seen.map((a) => a.title)).not.toContain('just before the range');
  });
});
