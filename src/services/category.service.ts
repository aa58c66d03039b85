import type { CategoryRepository } from '../db/repositories/category.repository';
import type { CategoryRow } from '../domain/rows';
import { inKeyOrder } from './in-key-order';

/** Reading categories. */
export class CategoryService {
  constructor(private readonly categories: CategoryRepository) {}

  /** Every category, by name. */
  all(): Promise<CategoryRow[]> {
    return this.categories.all();
  }

  /** The categories with these ids, one per id in id order, null where none exists. */
  async byIds(ids: readonly number[]): Promise<(CategoryRow | null)[]> {
    return inKeyOrder(ids, await this.categories.byIds(ids));
  }
}
