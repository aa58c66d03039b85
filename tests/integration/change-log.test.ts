import { Client } from 'pg';
import type { ChangeRecord } from '../../src/domain/change';
import { ChangeLogRepository } from '../../src/db/repositories/change-log.repository';
import { insertArticle, insertNewsItem, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;
let log: ChangeLogRepository;

beforeAll(async () => {
  app = await startTestApp();
  log = new ChangeLogRepository(app.dataSource);
});
afterAll(async () => {
  await app?.close();
});

const brief = (rows: readonly ChangeRecord[]) => rows.map((r) => `${r.op} ${r.entity} ${r.entityId}`);

/** Everything recorded after `after`, oldest first. */
async function recordedAfter(after: ChangeRecord | null): Promise<ChangeRecord[]> {
  return log.read(after, 1000);
}

/** Every change the app's change stream hands out from now on, as `brief` lines, each batch's last key kept. */
function heard(): { lines: string[]; last: ChangeRecord | null; stop: () => void } {
  const seen = { lines: [] as string[], last: null as ChangeRecord | null, stop: () => {} };
  seen.stop = app.changes.onChanges((batch) => {
    seen.lines.push(...brief(batch));
    seen.last = batch[batch.length - 1];
  });
  return seen;
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Waits until the app's stream has handed out every commit made so far. */
async function caughtUp(): Promise<void> {
  const head = await log.head();
  await until(() => app.changes.at !== null && BigInt(app.changes.at.commit) >= BigInt(head.commit));
}

describe('the change log', () => {
  it('records inserts, real updates and deletes (cascades included), and not updates that change nothing', async () => {
    const head = (await recordedAfter(null)).at(-1) ?? null;
    const source = await insertSource(app.dataSource, { name: 'Desk' });
    const article = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'First' });
    const item = await insertNewsItem(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Line' });
    await app.dataSource.query(`UPDATE article SET title = 'First, corrected' WHERE id = $1`, [article.id]);
    await app.dataSource.query(`UPDATE article SET title = title WHERE id = $1`, [article.id]);
    await app.dataSource.query(`DELETE FROM source WHERE id = $1`, [source.id]);
    const rows = await recordedAfter(head);
    expect(brief(rows).slice(0, 4)).toEqual([`INSERT Source ${source.id}`, `INSERT Article ${article.id}`, `INSERT NewsItem ${item.id}`, `UPDATE Article ${article.id}`]);
    // The source's removal takes its article and news item with it; each is a removal of its own.
    expect(brief(rows).slice(4).sort()).toEqual([`DELETE Article ${article.id}`, `DELETE NewsItem ${item.id}`, `DELETE Source ${source.id}`]);
  });

  it('hands each commit to the stream of the process, in order, once', async () => {
    await caughtUp();
    const seen = heard();
    const source = await insertSource(app.dataSource, { name: 'Streamed' });
    const article = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Pushed' });
    await app.dataSource.query(`UPDATE article SET title = 'Pushed again' WHERE id = $1`, [article.id]);
    await until(() => seen.lines.length >= 3);
    seen.stop();
    expect(seen.lines).toEqual([`INSERT Source ${source.id}`, `INSERT Article ${article.id}`, `UPDATE Article ${article.id}`]);
    expect(app.changes.at).toEqual({ commit: seen.last!.commit, seq: seen.last!.seq });
  });

  it('follows from a cursor: what was missed, then live changes, none twice and none skipped', async () => {
    const source = await insertSource(app.dataSource, { name: 'Resumed' });
    const before = (await recordedAfter(null)).at(-1)!;
    const missed = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Missed' });
    // Wait until the stream has passed the missed change, so that it is read from the log, not heard live.
    await caughtUp();
    const following = app.changes.follow(before, ['Article']);
    const first = await following.next();
    expect(brief(first.value as ChangeRecord[])).toEqual([`INSERT Article ${missed.id}`]);
    const live = following.next();
    const pushed = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Live' });
    await insertNewsItem(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Not an article' });
    expect(brief((await live).value as ChangeRecord[])).toEqual([`INSERT Article ${pushed.id}`]);
    await following.return(undefined);
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// PGlite is one session: its transactions run one after the other, so none can commit out of order there.
onServer('two writers whose transactions commit out of order', () => {
  it('numbers commits in the order they happen, so a reader never skips a change that committed later', async () => {
    const url = app.database.target.databaseUrl!;
    const [early, late] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([early.connect(), late.connect()]);
    try {
      const source = await insertSource(app.dataSource, { name: 'Interleaved' });
      const start = (await recordedAfter(null)).at(-1)!;
      const insert = (client: Client, guid: string) =>
        client.query(`INSERT INTO news_item (source_id, guid, title, url, published_at) VALUES ($1, $2, $2, 'https://e.example/' || $2, now())`, [source.id, guid]);
      // `early` writes first and so takes the smaller sequence number, but commits last.
      await early.query('BEGIN');
      await insert(early, 'early');
      await late.query('BEGIN');
      await insert(late, 'late');
      await late.query('COMMIT');
      const first = await recordedAfter(start);
      expect(first.map((r) => r.op)).toEqual(['INSERT']);
      await early.query('COMMIT');
      // A reader that took `late`'s change and goes on from its key gets `early`'s, whose sequence number is smaller.
      const next = await recordedAfter(first[0]);
      expect(next).toHaveLength(1);
      expect(BigInt(next[0].seq)).toBeLessThan(BigInt(first[0].seq));
      expect(BigInt(next[0].commit)).toBeGreaterThan(BigInt(first[0].commit));
      const titles = await app.dataSource.query(`SELECT id, title FROM news_item WHERE id = ANY($1::int[])`, [[first[0].entityId, next[0].entityId]]);
      expect(Object.fromEntries(titles.map((t: { id: number; title: string }) => [t.id, t.title]))).toEqual({ [first[0].entityId]: 'late', [next[0].entityId]: 'early' });
    } finally {
      await Promise.all([early.end(), late.end()]);
    }
  });

  it('makes the second of two committers wait for the first to finish committing, not for its whole transaction', async () => {
    const url = app.database.target.databaseUrl!;
    const [open, quick] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([open.connect(), quick.connect()]);
    try {
      const source = await insertSource(app.dataSource, { name: 'Long transaction' });
      const start = (await recordedAfter(null)).at(-1)!;
      await open.query('BEGIN');
      await open.query(`UPDATE source SET name = 'Renamed in a long transaction' WHERE id = $1`, [source.id]);
      // While `open` stays open, another writer's commit is numbered and readable at once.
      await quick.query(`INSERT INTO news_item (source_id, guid, title, url, published_at) VALUES ($1, 'quick', 'Quick', 'https://e.example/quick', now())`, [source.id]);
      expect((await recordedAfter(start)).map((r) => `${r.op} ${r.entity}`)).toEqual(['INSERT NewsItem']);
      await open.query('ROLLBACK');
      expect((await recordedAfter(start)).map((r) => `${r.op} ${r.entity}`)).toEqual(['INSERT NewsItem']);
    } finally {
      await Promise.all([open.end(), quick.end()]);
    }
  });
});

describe("the database's identity", () => {
  it('is the same on every read, and is read without the system identifier by a role that may not read the control file', async () => {
    const log = new ChangeLogRepository(app.dataSource);
    const identity = await log.identity();
    expect(identity).toMatch(/^[0-9a-f-]{36}:\d+:\d+$/);
    expect(await log.identity()).toBe(identity);
    const [id] = identity.split(':');
    const role = `identity_probe_${process.pid}`;
    await app.dataSource.transaction(async (manager) => {
      await manager.query(`CREATE ROLE ${role}`);
      await manager.query(`GRANT SELECT ON database_identity TO ${role}`);
      await manager.query('REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC');
      await manager.query(`SET LOCAL ROLE ${role}`);
      const [{ identity: restricted }] = await manager.query('SELECT newsline_database_identity() AS identity');
      expect(restricted).toMatch(new RegExp(`^${id}:\\d+$`));
      // Everything above (the role, the revocation) is undone with the transaction.
      throw new Error('undo');
    }).catch((error: Error) => {
      if (error.message !== 'undo') throw error;
    });
    expect(await log.identity()).toBe(identity);
  });
});
