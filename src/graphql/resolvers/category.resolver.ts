import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { toCategory } from '../mappers';
import { Category } from '../types/category.type';

/** The list of categories. */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'Every category, by name.' })
  async categories(@Ctx() ctx: Context): Promise<Category[]> {
    return (await ctx.services.categories.all()).map(toCategory);
  }
}
