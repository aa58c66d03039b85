import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, openDatabase } from '../../src/db/data-source';
import { schemaSdl } from '../../src/graphql/schema';
import { createTestDatabase } from '../helpers/database';

describe('schemas stay in step with the code', () => {
  it('schema/schema.graphql is what the code emits (run `npm run schema` after changing the API)', async () => {
    expect(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8')).toBe(await schemaSdl());
  });

  it('the migrations build exactly the tables the entities describe', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource(database.target);
    try {
      await openDatabase(dataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // Running migrations again applies nothing.
      expect(await openDatabase(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await database.dispose();
    }
  });
});
