import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { SEARCH_COST } from '../cost/cost-estimator';
import { toSearchConnection } from '../mappers';
import { ArticleSearchConnection, NewsItemSearchConnection } from '../types/connections';
import { SearchArticlesArgs, SearchNewsItemsArgs } from '../types/inputs';
import { sourceRowIds } from './filter-ids';

/**
 * Full-text search: one field per kind of result rather than one field with a type argument, so that each has
 * its own filter input and node type, and a client's query needs no fragments on a union.
 */
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

  @Query(() => NewsItemSearchConnection, {
    complexity: SEARCH_COST,
    description: 'News items (headlines) matching a search, by relevance (default) or newest first, a page at a time (README, "Search").',
  })
  async searchNewsItems(@Args() args: SearchNewsItemsArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof NewsItemSearchConnection>> {
    const filter = args.filter;
    const page = await ctx.services.search.newsItems(args.query, { ...filter, sourceIds: sourceRowIds(filter?.sourceIds) }, args.orderBy, args);
    return toSearchConnection(page, (row) => ctx.loaders.primedNewsItem(row)) as unknown as InstanceType<typeof NewsItemSearchConnection>;
  }
}
