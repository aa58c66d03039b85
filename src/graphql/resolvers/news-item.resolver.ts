import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { MaybePromise } from '../loaders/request-loader';
import { toConnection } from '../mappers';
import { Article } from '../types/article.type';
import { NewsItemConnection } from '../types/connections';
import { NewsItemsArgs } from '../types/inputs';
import { NewsItem } from '../types/news-item.type';
import { Source } from '../types/source.type';
import { sourceRowIds } from './filter-ids';
import { Story } from '../types/story.type';
import { storyOf } from './story.resolver';

/** Queries of news items and the relation fields of NewsItem. */
@Resolver(() => NewsItem)
export class NewsItemResolver {
  @Query(() => NewsItemConnection, { description: "Headlines from the sources' news lines, newest first, a page at a time." })
  async newsItems(@Args() args: NewsItemsArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof NewsItemConnection>> {
    const filter = args.filter;
    const page = await ctx.services.newsItems.list({ ...filter, sourceIds: sourceRowIds(filter?.sourceIds) }, args);
    return toConnection(page, (row) => ctx.loaders.primedNewsItem(row)) as unknown as InstanceType<typeof NewsItemConnection>;
  }

  @FieldResolver(() => Source)
  source(@Root() item: NewsItem, @Ctx() ctx: Context): MaybePromise<Source | null> {
    return ctx.loaders.sources.load(item.sourceId);
  }

  @FieldResolver(() => Article, { nullable: true, description: 'The full article, once Newsline has it.' })
  article(@Root() item: NewsItem, @Ctx() ctx: Context): MaybePromise<Article | null> {
    return item.articleId === null ? null : ctx.loaders.articles.load(item.articleId);
  }

  @FieldResolver(() => Story, { nullable: true, description: 'The story it was grouped into; null until grouped.' })
  story(@Root() item: NewsItem, @Ctx() ctx: Context): MaybePromise<Story | null> {
    return storyOf(ctx, item.storyId);
  }
}
