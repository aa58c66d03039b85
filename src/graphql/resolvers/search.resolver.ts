import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { SEARCH_COST } from '../cost/cost-estimator';
import { toSearchConnection } from '../mappers';
import { ArticleSearchConnection } from '../types/connections';
import { SearchArticlesArgs } from '../types/inputs';
import { sourceRowIds } from './filter-ids';

/** Full-text search. */
@Resolver()
export class SearchResolver {
  @Query(() => ArticleSearchConnection, {
    complexity: SEARCH_COST,
    description: 'Articles matching a search, by relevance (default) or newest first, a page at a time (README, "Search").',
  })
  async searchArticles(@Args() args: SearchArticlesArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof ArticleSearchConnection>> {
    const filter = args.filter;
    const page = await ctx.services.search.articles(args.query, { ...filter, sourceIds: sourceRowIds(filter?.sourceIds) }, args.orderBy, args);
    return toSearchConnection(page, (row) => ctx.loaders.primedArticle(row)) as unknown as InstanceType<typeof ArticleSearchConnection>;
  }
}
