import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { NESTED_PAGE_COST } from '../cost/cost-estimator';
import type { MaybePromise } from '../loaders/request-loader';
import { toConnection } from '../mappers';
import { ArticleConnection, NewsItemConnection, StoryConnection } from '../types/connections';
import { PageArgs, StoriesArgs } from '../types/inputs';
import { Source } from '../types/source.type';
import { Story } from '../types/story.type';
import { sourceRowIds } from './filter-ids';

/** Queries of stories and the relation fields of Story. */
@Resolver(() => Story)
export class StoryResolver {
  @Query(() => StoryConnection, { description: 'Stories: the headlines of different sources that report one event, TOP (most reported) or NEWEST first.' })
  async stories(@Args() args: StoriesArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof StoryConnection>> {
    const filter = args.filter;
    const page = await ctx.services.stories.list({ ...filter, sourceIds: sourceRowIds(filter?.sourceIds) }, args.orderBy, args);
    return toConnection(page, (row) => ctx.loaders.primedStory(row)) as unknown as InstanceType<typeof StoryConnection>;
  }

  @FieldResolver(() => NewsItemConnection, { complexity: NESTED_PAGE_COST, description: "The story's headlines, newest first." })
  async newsItems(@Root() story: Story, @Args() args: PageArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof NewsItemConnection>> {
    const page = await ctx.loaders.storyNewsItems(args).load(story.rowId);
    return toConnection(page, (row) => ctx.loaders.primedNewsItem(row)) as unknown as InstanceType<typeof NewsItemConnection>;
  }

  @FieldResolver(() => ArticleConnection, { complexity: NESTED_PAGE_COST, description: "The articles of the story's headlines, newest first." })
  async articles(@Root() story: Story, @Args() args: PageArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof ArticleConnection>> {
    const page = await ctx.loaders.storyArticles(args).load(story.rowId);
    return toConnection(page, (row) => ctx.loaders.primedArticle(row)) as unknown as InstanceType<typeof ArticleConnection>;
  }

  @FieldResolver(() => [Source], { description: 'The distinct sources that report it.' })
  async sources(@Root() story: Story, @Ctx() ctx: Context): Promise<Source[]> {
    const ids = await ctx.loaders.storySourceIds.load(story.rowId);
    const sources = await Promise.all(ids.map((id) => ctx.loaders.sources.load(id)));
    return sources.filter((source): source is Source => source !== null);
  }
}

/** The story of a node, through the loaders. */
export function storyOf(ctx: Context, storyId: number | null): MaybePromise<Story | null> {
  return storyId === null ? null : ctx.loaders.stories.load(storyId);
}
