import { Client } from 'pg';
import { ChangeLogRepository } from '../../src/db/repositories/change-log.repository';
import { toGlobalId } from '../../src/domain/global-id';
import { insertArticle, insertNewsItem, insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';

const TOKEN = 'test-admin-token-0123456789';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKEN: TOKEN });
});
afterAll(async () => {
  await app?.close();
});

const CHANGES = `query($after: String, $first: Int) {
  changes(after: $after, first: $first) {
    edges { cursor node { cursor kind id type changedAt node { id __typename ... on Article { title } ... on Source { name } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ChangeView {
  cursor: string;
  kind: 'UPSERT' | 'DELETE';
  id: string;
  type: string;
  node: { id: string; title?: string; name?: string } | null;
}

async function changesPage(after: string | null, first?: number) {
  const { body } = await app.graphql(CHANGES, { after, first });
  expect(body.errors).toBeUndefined();
  return body.data.changes as { edges: { cursor: string; node: ChangeView }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

/** Follows the changes from `after` page by page, as a syncing client does; returns them and the cursor to store. */
async function syncFrom(after: string, first = 2): Promise<{ changes: ChangeView[]; cursor: string }> {
  const changes: ChangeView[] = [];
  let cursor = after;
  for (;;) {
    const page = await changesPage(cursor, first);
    changes.push(...page.edges.map((edge) => edge.node));
    expect(page.edges.map((edge) => edge.cursor)).toEqual(page.edges.map((edge) => edge.node.cursor));
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { changes, cursor };
  }
}

const syncCursor = async (): Promise<string> => (await app.graphql('{ syncCursor }')).body.data.syncCursor;
const brief = (changes: ChangeView[]) => changes.map((c) => `${c.kind} ${c.id}${c.node ? ` ${c.node.title ?? c.node.name}` : ''}`);

describe('changes(after:)', () => {
  it('gives what changed since a sync cursor, oldest first, each node once in its latest state, and then nothing more', async () => {
    const start = await syncCursor();
    const source = await insertSource(app.dataSource, { name: 'Sync desk' });
    const a = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'A' });
    const b = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'B' });
    await app.dataSource.query(`UPDATE article SET title = 'A, updated' WHERE id = $1`, [a.id]);
    const { changes, cursor } = await syncFrom(start);
    expect(brief(changes)).toEqual([
      `UPSERT ${toGlobalId('Source', source.id)} Sync desk`,
      `UPSERT ${toGlobalId('Article', b.id)} B`,
      `UPSERT ${toGlobalId('Article', a.id)} A, updated`,
    ]);
    expect(changes.map((c) => c.node?.id ?? null)).toEqual(changes.map((c) => c.id));
    // Asked again with the stored cursor: nothing new, and the same cursor to keep.
    const again = await changesPage(cursor);
    expect(again).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: cursor } });

    const item = await insertNewsItem(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Line' });
    const next = await syncFrom(cursor);
    expect(next.changes.map((c) => `${c.kind} ${c.type} ${c.id}`)).toEqual([`UPSERT NewsItem ${toGlobalId('NewsItem', item.id)}`]);
  });

  it('reports what removing a source takes with it as DELETE changes (tombstones)', async () => {
    const source = await insertSource(app.dataSource, { name: 'Removed desk' });
    const article = await insertArticle(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Gone' });
    const item = await insertNewsItem(app.dataSource, { sourceId: source.id, publishedAt: new Date(), title: 'Gone too' });
    const cursor = await syncCursor();
    const { body } = await app.graphql(`mutation($id: ID!) { removeSource(id: $id) }`, { id: toGlobalId('Source', source.id) }, { authorization: `Bearer ${TOKEN}` });
    expect(body).toEqual({ data: { removeSource: true } });
    const { changes } = await syncFrom(cursor);
    expect(changes.map((c) => `${c.kind} ${c.id} ${c.node}`).sort()).toEqual(
      [`DELETE ${toGlobalId('Article', article.id)} null`, `DELETE ${toGlobalId('NewsItem', item.id)} null`, `DELETE ${toGlobalId('Source', source.id)} null`].sort(),
    );
  });

  it('refuses a cursor older than the changes kept, telling the client to sync everything again', async () => {
    const old = await syncCursor();
    await insertSource(app.dataSource, { name: 'Before the pruning' });
    // Everything committed until a second from now is past the retention time.
    await new ChangeLogRepository(app.dataSource).prune(new Date(Date.now() + 1000));
    const { body } = await app.graphql(CHANGES, { after: old });
    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'FULL_RESYNC_REQUIRED' }, message: expect.stringMatching(/syncCursor/) });
    const { body: fromStart } = await app.graphql(CHANGES, { after: null });
    expect(fromStart.errors[0].extensions.code).toBe('FULL_RESYNC_REQUIRED');
    // A cursor taken now is followed.
    const fresh = await syncCursor();
    const source = await insertSource(app.dataSource, { name: 'After the pruning' });
    expect(brief((await syncFrom(fresh)).changes)).toEqual([`UPSERT ${toGlobalId('Source', source.id)} After the pruning`]);
  });

  it('refuses cursors that are not its own and page sizes out of range', async () => {
    for (const after of ['not-a-cursor', Buffer.from('c1:1:x').toString('base64url'), Buffer.from('v1:1:2:abc').toString('base64url')]) {
      const { body } = await app.graphql(CHANGES, { after });
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/`after` must be a cursor from a Change, a subscription event or syncCursor/) });
    }
    // A cursor names the database that gave it: one of another database (made again since, say) cannot be followed here.
    const [, database, commit, seq] = Buffer.from(await syncCursor(), 'base64url').toString().split(':');
    const foreign = Buffer.from(`c2:${database === '000000000000' ? '111111111111' : '000000000000'}:${commit}:${seq}`).toString('base64url');
    const { body: elsewhere } = await app.graphql(CHANGES, { after: foreign });
    expect(elsewhere.errors[0]).toMatchObject({ extensions: { code: 'FULL_RESYNC_REQUIRED' }, message: expect.stringMatching(/^`after` is a cursor of another database .* Sync everything again/) });
    for (const after of [Buffer.from(`c2:ABC:${commit}:${seq}`).toString('base64url'), Buffer.from(`c2:${database}:${commit}`).toString('base64url')]) {
      const { body } = await app.graphql(CHANGES, { after });
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    // Cursors given before cursors named their database are followed as they were.
    const { body: legacy } = await app.graphql(CHANGES, { after: Buffer.from(`c1:${commit}:${seq}`).toString('base64url') });
    expect(legacy.errors).toBeUndefined();
    const future = Buffer.from('c1:999999999999:1').toString('base64url');
    const { body: ahead } = await app.graphql(CHANGES, { after: future });
    expect(ahead.errors[0]).toMatchObject({ extensions: { code: 'FULL_RESYNC_REQUIRED' }, message: expect.stringMatching(/^`after` names commit 999999999999, which this database has not made/) });
    // A cursor carries its commit's time (c3) where it has one; one without it, or with one out of range, is not one.
    const stamped = Buffer.from(await syncCursor(), 'base64url').toString();
    expect(stamped).toMatch(/^c3:[0-9a-f]{12}:[1-9][0-9]*:9223372036854775807:[1-9][0-9]{12}$/);
    for (const text of [`c3:${database}:${commit}:${seq}`, `c2:${database}:${commit}:${seq}:1764612000000`, `c3:${database}:${commit}:${seq}:8640000000000001`]) {
      const { body } = await app.graphql(CHANGES, { after: Buffer.from(text).toString('base64url') });
      expect([text, body.errors?.[0].extensions.code]).toEqual([text, 'BAD_USER_INPUT']);
    }
    const { body } = await app.graphql(CHANGES, { after: await syncCursor(), first: 101 });
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/`first` must be an integer from 1 to 100/) });
  });
});

describe('changes(after:) on a database restored from a copy older than the cursor', () => {
  it('refuses the cursor with FULL_RESYNC_REQUIRED, before the database makes that commit again and after', async () => {
    const before = await syncCursor();
    await insertSource(app.dataSource, { name: 'Seen, then lost to the restore' });
    const { changes, cursor: seen } = await syncFrom(before);
    expect(brief(changes)).toEqual([expect.stringMatching(/ Seen, then lost to the restore$/)]);
    const commit = Number(Buffer.from(seen, 'base64url').toString().split(':')[2]);
    // What a restore from a copy taken before that commit leaves of the change log: it ends at the commit before.
    await app.dataSource.query('DELETE FROM change_log l USING change_commit c WHERE l.xid = c.xid AND c.commit >= $1', [commit]);
    await app.dataSource.query('DELETE FROM change_commit WHERE commit >= $1', [commit]);
    await app.dataSource.query('UPDATE change_counter SET last = $1', [commit - 1]);

    const refused = async (pattern: RegExp) => {
      const { body } = await app.graphql(CHANGES, { after: seen });
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'FULL_RESYNC_REQUIRED' }, message: expect.stringMatching(pattern) });
    };
    await refused(new RegExp(`^\`after\` names commit ${commit}, which this database has not made \\(its latest is ${commit - 1}\\): it was restored from a copy older than the cursor`));
    // The database goes on, and makes a commit of that number again: another, which the cursor has not seen.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await insertSource(app.dataSource, { name: 'Made after the restore' });
    await refused(new RegExp(`^\`after\` names commit ${commit} as made at .*, but this database's commit ${commit} was made at .*: it was restored from a copy older than the cursor`));
    // A cursor from before the commit lost is followed, and gives what was made since.
    expect(brief((await syncFrom(before)).changes)).toEqual([expect.stringMatching(/ Made after the restore$/)]);
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

// PGlite is one session: its transactions run one after the other, so none can commit out of order there.
onServer('changes(after:) with two writers committing out of order', () => {
  it('hands out the change of the transaction that began first but committed last after the other, never skipping it', async () => {
    const url = app.database.target.databaseUrl!;
    const source = await insertSource(app.dataSource, { name: 'Two writers' });
    const [early, late] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([early.connect(), late.connect()]);
    try {
      const cursor = await syncCursor();
      const insert = (client: Client, title: string) =>
        client.query(`INSERT INTO article (url, source_id, title, published_at, word_count, content_hash) VALUES ($1, $2, $3, now(), 1, $3) RETURNING id`, [`https://two.example/${title}`, source.id, title]);
      await early.query('BEGIN');
      const [earlyRow] = (await insert(early, 'early')).rows;
      await late.query('BEGIN');
      const [lateRow] = (await insert(late, 'late')).rows;
      await late.query('COMMIT');
      const first = await syncFrom(cursor);
      expect(brief(first.changes)).toEqual([`UPSERT ${toGlobalId('Article', lateRow.id)} late`]);
      await early.query('COMMIT');
      const second = await syncFrom(first.cursor);
      expect(brief(second.changes)).toEqual([`UPSERT ${toGlobalId('Article', earlyRow.id)} early`]);
    } finally {
      await Promise.all([early.end(), late.end()]);
    }
  });
});
