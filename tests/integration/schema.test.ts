import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, openDatabase } from '../../src/db/data-source';
import { schemaSdl } from '../../src/graphql/schema';
import type { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { insertArticle, insertCategory, insertSource } from '../helpers/fixtures';
import { CategorySlugSharpS1796001450000 } from '../../migrations/1796001450000-CategorySlugSharpS';
import { slugify } from '../../src/domain/slugify';

describe('schemas stay in step with the code', () => {
  it('schema/schema.graphql is what the code emits (run `npm run schema` after changing the API)', async () => {
    expect(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8')).toBe(await schemaSdl());
  });

});

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.target);
    await openDatabase(dataSource);
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.dispose();
  });

  it('the migrations build exactly the tables the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    // Running migrations again applies nothing.
    expect(await openDatabase(dataSource)).toEqual([]);
  });

  it("an article's long body and body text are compressed with LZ4 where the server has it, else with pglz", async () => {
    const [{ lz4 }] = await dataSource.query(`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`);
    const source = await insertSource(dataSource);
    const text = 'The harbour bridge opened on Monday after three years of work. '.repeat(300);
    const article = await insertArticle(dataSource, { sourceId: source.id, publishedAt: new Date('2026-11-01T00:00:00Z'), body: `<p>${text}</p>`, bodyText: text });
    const [stored] = await dataSource.query('SELECT pg_column_compression(body) AS body, pg_column_compression(body_text) AS "bodyText" FROM article WHERE id = $1', [article.id]);
    await dataSource.query('DELETE FROM article WHERE id = $1', [article.id]);
    const method = lz4 ? 'lz4' : 'pglz';
    expect(stored).toEqual({ body: method, bodyText: method });
  });

  it('category slugs stored with ß are folded as slugify now folds them, merging into the ss category where it exists', async () => {
    const source = await insertSource(dataSource);
    const strasse = await insertCategory(dataSource, { name: 'STRASSE', slug: 'strasse' });
    const strasseOld = await insertCategory(dataSource, { name: 'Straße', slug: 'straße' });
    const grosseOld = await insertCategory(dataSource, { name: 'Große Welt', slug: 'große-welt' });
    const plain = await insertCategory(dataSource, { name: 'Politik', slug: 'politik' });
    const at = new Date('2026-11-01T00:00:00Z');
    const a1 = await insertArticle(dataSource, { sourceId: source.id, publishedAt: at, categoryId: strasseOld.id });
    const a2 = await insertArticle(dataSource, { sourceId: source.id, publishedAt: at, categoryId: grosseOld.id });
    const a3 = await insertArticle(dataSource, { sourceId: source.id, publishedAt: at, categoryId: plain.id });
    const runner = dataSource.createQueryRunner();
    try {
      await new CategorySlugSharpS1796001450000().up(runner);
    } finally {
      await runner.release();
    }
    const categories = await dataSource.query('SELECT id, name, slug FROM category ORDER BY slug');
    expect(categories).toEqual([
      { id: grosseOld.id, name: 'Große Welt', slug: 'grosse-welt' },
      { id: plain.id, name: 'Politik', slug: 'politik' },
      { id: strasse.id, name: 'STRASSE', slug: 'strasse' },
    ]);
    expect(categories.map((c: { name: string; slug: string }) => slugify(c.name))).toEqual(categories.map((c: { slug: string }) => c.slug));
    const filed = await dataSource.query('SELECT id, category_id FROM article ORDER BY id');
    expect(filed).toEqual([
      { id: a1.id, category_id: strasse.id },
      { id: a2.id, category_id: grosseOld.id },
      { id: a3.id, category_id: plain.id },
    ]);
  });
});
