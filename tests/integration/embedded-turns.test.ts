import type { DataSource } from 'typeorm';
import { createDataSource, targetOf } from '../../src/db/data-source';
import { sqlStatements } from '../../src/db/statement-counter';
import { EMBEDDED_BATCH_ROWS, IngestRepository, type ArticleWrite, type NewsItemWrite } from '../../src/db/repositories/ingest.repository';
import { startTestApp, TestApp } from '../helpers/app';
import { insertSource } from '../helpers/fixtures';

// The embedded database runs each statement on the thread that serves requests: what this checks is its own.
const embedded = !process.env.TEST_DATABASE_URL;
const describeEmbedded = embedded ? describe : describe.skip;

describeEmbedded(`a large refresh on the embedded database${embedded ? '' : ' (skipped: PostgreSQL runs statements in its own processes)'}`, () => {
  let app: TestApp;
  let repository: IngestRepository;
  let sourceId: number;
  /** A second DataSource of this process on the same embedded database, as tests that start several apps make. */
  let second: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    repository = new IngestRepository(app.dataSource);
    sourceId = (await insertSource(app.dataSource, { name: 'Turns Gazette' })).id;
    second = createDataSource(targetOf(app.dataSource));
    await second.initialize();
  });
  afterAll(async () => {
    await repository?.close();
    // The second goes first: closing a DataSource of the embedded database closes the process's one instance.
    if (second?.isInitialized) await second.destroy();
    await app?.close();
  });

  it("serves every DataSource of the process one at a time: none runs a statement inside another's transaction", async () => {
    // TypeORM makes a pool per DataSource; each pool had its own queue for the one session, so once the event loop
    // took turns between statements, the second's statements ran inside the first's open transaction (two apps
    // started at once each ran the migrations, and the second found the tables made).
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let seen: Promise<{ n: number }[]>;
    try {
      await runner.query(`INSERT INTO category (name, slug) VALUES ('Not yet', 'not-yet')`);
      seen = second.query(`SELECT count(*)::int AS n FROM category WHERE slug = 'not-yet'`);
      // Many turns of the event loop while the transaction is open.
      await new Promise((resume) => setTimeout(resume, 50));
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await seen).toEqual([{ n: 0 }]);
  });

  it('lets the event loop take a turn after each statement, in statements of a few rows', async () => {
    const count = 200;
    const body = 'Harbour council votes on the new ferry timetable after months of debate. '.repeat(40);
    const at = new Date('2026-11-20T12:00:00Z');
    const articles: ArticleWrite[] = Array.from({ length: count }, (_, i) => ({
      url: `https://turns.example/${i}`, title: `Ferry timetable vote ${i}`, summary: body.slice(0, 200), body: `<p>${body}</p>`, bodyText: body,
      author: null, category: 'Local', tags: [], language: 'en', imageUrl: null, publishedAt: at, updatedAt: null, attribution: null, wordCount: 480, contentHash: `h${i}`,
    }));
    const items: NewsItemWrite[] = articles.map((article, i) => ({ guid: `g${i}`, title: article.title, url: article.url, publishedAt: at, articleUrl: article.url }));
    // Counts the turns the event loop takes while the refresh's transaction runs: a request arriving meanwhile is
    // answered at the next one. Before, PGlite settled each statement with a microtask and the next followed at
    // once: the whole transaction (3 s for 3,000 articles) was one turn.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const statements = sqlStatements.total;
    try {
      const counts = await repository.commit({ id: sourceId, etag: null, lastModified: null, nextFetchAt: new Date(), language: 'en', homepageUrl: null }, articles, items);
      expect(counts).toMatchObject({ articlesAdded: count, itemsAdded: count });
    } finally {
      ticking = false;
    }
    const batchStatements = 2 * Math.ceil(count / EMBEDDED_BATCH_ROWS);
    expect(sqlStatements.total - statements).toBeGreaterThanOrEqual(batchStatements);
    expect(turns).toBeGreaterThanOrEqual(batchStatements);
  });
});
