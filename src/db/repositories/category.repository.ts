import type { Sql } from '../sql';
import type { CategoryRow } from '../../domain/rows';
import { statement } from './statement';

/** All SQL about categories. */
export class CategoryRepository {
  constructor(private readonly sql: Sql) {}

  /** Every category, by name. */
  all(): Promise<CategoryRow[]> {
    return this.sql.read<CategoryRow>(statement('SELECT id, name, slug FROM category ORDER BY name, id'), []);
  }

  /** The categories with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<CategoryRow[]> {
    return this.sql.read<CategoryRow>(statement('SELECT id, name, slug FROM category WHERE id = ANY($1::int[])'), [ids]);
  }
}
