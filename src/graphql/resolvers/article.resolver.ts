import { Arg, Args, Ctx, Extensions, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BadInputError } from '../../domain/errors';
import { fromGlobalId } from '../../domain/global-id';
import type { Context } from '../context';
import { mapMaybe, MaybePromise } from '../loaders/request-loader';
import { ARTICLE_TEXT_COST, LIST_ITEMS } from '../cost/cost-estimator';
import { toConnection } from '../mappers';
import { Article } from '../types/article.type';
import { Category } from '../types/category.type';
import { ArticleConnection } from '../types/connections';
import { ArticlesArgs } from '../types/inputs';
import { NewsItem } from '../types/news-item.type';
import { Source } from '../types/source.type';
import { sourceRowIds } from './filter-ids';
import { Story } from '../types/story.type';
import { storyOf } from './story.resolver';
import { ALSO_REPORTED_BY_LIMIT, ARTICLE_NEWS_ITEMS_LIMIT } from '../loaders/loaders';

/** Queries of articles and the relation fields of Article. */
@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => ArticleConnection, { description: 'Articles, newest first, a page at a time.' })
  async articles(@Args() args: ArticlesArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof ArticleConnection>> {
    const filter = args.filter;
    const page = await ctx.services.articles.list(
      { ...filter, sourceIds: sourceRowIds(filter?.sourceIds) },
      args,
    );
    return toConnection(page, (row) => ctx.loaders.primedArticle(row)) as unknown as InstanceType<typeof ArticleConnection>;
  }

  @Query(() => Article, { nullable: true, description: 'One article, by `id` or by canonical `url` (pass exactly one).' })
  async article(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('url', () => String, { nullable: true }) url?: string,
  ): Promise<Article | null> {
    if ((id == null) === (url == null)) throw new BadInputError('Pass exactly one of `id` or `url` to `article`.');
    if (id != null) return ctx.loaders.articles.load(fromGlobalId(id, 'Article', 'id').id);
    const row = await ctx.services.articles.byUrl(url as string);
    return row && ctx.loaders.primedArticle(row);
  }

  @FieldResolver(() => Source)
  source(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<Source | null> {
    return ctx.loaders.sources.load(article.sourceId);
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<Category | null> {
    return article.categoryId === null ? null : ctx.loaders.categories.load(article.categoryId);
  }

  @FieldResolver(() => String, { nullable: true, complexity: ARTICLE_TEXT_COST, description: 'The article as sanitized HTML.' })
  body(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<string | null> {
    return mapMaybe(ctx.loaders.articleBodies.load(article.rowId), (row) => row?.body ?? null);
  }

  @FieldResolver(() => String, { nullable: true, complexity: ARTICLE_TEXT_COST, description: 'The article as plain text.' })
  bodyText(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<string | null> {
    return mapMaybe(ctx.loaders.articleBodies.load(article.rowId), (row) => row?.body_text ?? null);
  }

  @FieldResolver(() => [NewsItem], { description: `The headlines that point to this article, newest first (at most ${ARTICLE_NEWS_ITEMS_LIMIT}).` })
  newsItems(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<NewsItem[]> {
    return ctx.loaders.newsItemsByArticle.load(article.rowId);
  }

  @FieldResolver(() => Story, { nullable: true, description: 'The story its headlines were grouped into; null when none was.' })
  async story(@Root() article: Article, @Ctx() ctx: Context): Promise<Story | null> {
    return storyOf(ctx, await ctx.loaders.articleStoryIds.load(article.rowId));
  }

  @Extensions({ [LIST_ITEMS]: ALSO_REPORTED_BY_LIMIT })
  @FieldResolver(() => [NewsItem], {
    description: `Who else reports its story: the newest headline of each other source in it, newest first (at most ${ALSO_REPORTED_BY_LIMIT}).`,
  })
  alsoReportedBy(@Root() article: Article, @Ctx() ctx: Context): MaybePromise<NewsItem[]> {
    return ctx.loaders.alsoReportedBy.load(article.rowId);
  }
}
