import type { ArticleBodyRow, ArticleRow, NewsItemRow, SourceCountsRow, SourceRow, StoryRow } from '../../domain/rows';
import type { Services } from '../../services';
import { JoinedColumns, toArticle, toCategory, toJoinedSource, toNewsItem, toSource, toStory } from '../mappers';
import type { Story } from '../types/story.type';
import type { Article } from '../types/article.type';
import type { Category } from '../types/category.type';
import type { NewsItem } from '../types/news-item.type';
import type { Source } from '../types/source.type';
import type { ListPage } from '../../services/pagination';
import type { PageArgs } from '../../domain/page';
import { RequestLoader } from './request-loader';
import { UNPAGED_LIST_ITEMS } from '../cost/cost-estimator';

const mapRows =
  <Row, V>(fn: (row: Row) => V) =>
  (rows: (Row | null)[]): (V | null)[] =>
    rows.map((row) => (row ? fn(row) : null));

/** The most items `Article.alsoReportedBy` lists: one per other source, the newest sources first. */
export const ALSO_REPORTED_BY_LIMIT = 50;

/**
 * The most headlines `Article.newsItems` lists, the newest: as many as its price counts (UNPAGED_LIST_ITEMS). A feed
 * whose GUIDs change on every read points a new headline at the same article each time; thousands were all listed.
 */
export const ARTICLE_NEWS_ITEMS_LIMIT = UNPAGED_LIST_ITEMS;

/** Every loader of one request, each made on first use; never shared between requests. */
export class Loaders {
  private made: Partial<{
    sources: RequestLoader<Source | null>;
    sourceRows: RequestLoader<SourceRow | null>;
    sourceCounts: RequestLoader<SourceCountsRow | null>;
    categories: RequestLoader<Category | null>;
    articles: RequestLoader<Article | null>;
    articleBodies: RequestLoader<ArticleBodyRow | null>;
    newsItems: RequestLoader<NewsItem | null>;
    newsItemsByArticle: RequestLoader<NewsItem[]>;
    stories: RequestLoader<Story | null>;
    storySourceIds: RequestLoader<number[]>;
    articleStoryIds: RequestLoader<number | null>;
    alsoReportedBy: RequestLoader<NewsItem[]>;
  }> = {};

  /** The pages of stories' news items and articles, one loader per page arguments (see storyPages). */
  private readonly storyPageLoaders = new Map<string, RequestLoader<ListPage<NewsItemRow>> | RequestLoader<ListPage<ArticleRow>>>();

  constructor(private readonly services: Services) {}

  /** Each story's page of news items for these arguments: the stories of a list read theirs in one statement. */
  storyNewsItems(args: PageArgs): RequestLoader<ListPage<NewsItemRow>> {
    return this.storyPages('newsItems', args, (ids) => this.services.newsItems.listsOfStories(ids, args));
  }

  /** Each story's page of articles for these arguments: the stories of a list read theirs in one statement. */
  storyArticles(args: PageArgs): RequestLoader<ListPage<ArticleRow>> {
    return this.storyPages('articles', args, (ids) => this.services.articles.listsOfStories(ids, args));
  }

  /** One loader per list and page arguments: the same field under every story of a list asks with the same ones. */
  private storyPages<Row>(list: string, args: PageArgs, batch: (ids: readonly number[]) => Promise<(ListPage<Row> | Error)[]>): RequestLoader<ListPage<Row>> {
    const key = JSON.stringify([list, args.first ?? null, args.last ?? null, args.after ?? null, args.before ?? null]);
    let loader = this.storyPageLoaders.get(key) as RequestLoader<ListPage<Row>> | undefined;
    if (!loader) this.storyPageLoaders.set(key, (loader = new RequestLoader(batch)) as never);
    return loader;
  }

  /** Sources by row id; the rows read also serve `sourceRows`. */
  get sources(): RequestLoader<Source | null> {
    return (this.made.sources ??= new RequestLoader(async (ids) => {
      const rows = await this.services.sources.byIds(ids);
      rows.forEach((row, i) => this.sourceRows.prime(ids[i], row));
      return mapRows(toSource)(rows);
    }));
  }

  /** Full source rows (fetch state and health) by row id. */
  get sourceRows(): RequestLoader<SourceRow | null> {
    return (this.made.sourceRows ??= new RequestLoader((ids) => this.services.sources.byIds(ids)));
  }

  /** Each source's article and news item counts, by source row id. */
  get sourceCounts(): RequestLoader<SourceCountsRow | null> {
    return (this.made.sourceCounts ??= new RequestLoader((ids) => this.services.sources.counts(ids)));
  }

  /** Categories by row id. */
  get categories(): RequestLoader<Category | null> {
    return (this.made.categories ??= new RequestLoader(async (ids) => mapRows(toCategory)(await this.services.categories.byIds(ids))));
  }

  /** Articles (without bodies) by row id. */
  get articles(): RequestLoader<Article | null> {
    return (this.made.articles ??= new RequestLoader(async (ids) =>
      (await this.services.articles.byIds(ids)).map((row) => row && this.primedArticle(row)),
    ));
  }

  /** Article bodies by article row id. */
  get articleBodies(): RequestLoader<ArticleBodyRow | null> {
    return (this.made.articleBodies ??= new RequestLoader((ids) => this.services.articles.bodies(ids)));
  }

  /** News items by row id. */
  get newsItems(): RequestLoader<NewsItem | null> {
    return (this.made.newsItems ??= new RequestLoader(async (ids) =>
      (await this.services.newsItems.byIds(ids)).map((row) => row && this.primedNewsItem(row)),
    ));
  }

  /** The news items pointing to each article, by article row id. */
  get newsItemsByArticle(): RequestLoader<NewsItem[]> {
    return (this.made.newsItemsByArticle ??= new RequestLoader(async (ids) =>
      (await this.services.newsItems.byArticleIds(ids, ARTICLE_NEWS_ITEMS_LIMIT)).map((rows) => rows.map((row) => this.primedNewsItem(row))),
    ));
  }

  /** Stories by row id. */
  get stories(): RequestLoader<Story | null> {
    return (this.made.stories ??= new RequestLoader(async (ids) => mapRows(toStory)(await this.services.stories.byIds(ids))));
  }

  /** The ids of each story's distinct sources, by story row id. */
  get storySourceIds(): RequestLoader<number[]> {
    return (this.made.storySourceIds ??= new RequestLoader((ids) => this.services.stories.sourceIds(ids)));
  }

  /** The story row id of each article (null when not grouped), by article row id. */
  get articleStoryIds(): RequestLoader<number | null> {
    return (this.made.articleStoryIds ??= new RequestLoader((ids) => this.services.stories.storyIdsOfArticles(ids)));
  }

  /** The newest item of each other source in each article's story, by article row id. */
  get alsoReportedBy(): RequestLoader<NewsItem[]> {
    return (this.made.alsoReportedBy ??= new RequestLoader(async (ids) =>
      (await this.services.newsItems.alsoReportedBy(ids, ALSO_REPORTED_BY_LIMIT)).map((rows) => rows.map((row) => this.primedNewsItem(row))),
    ));
  }

  /** Maps a news item row, keeping it and the source read beside it for the rest of the request. */
  primedNewsItem(row: NewsItemRow): NewsItem {
    const item = toNewsItem(row);
    this.newsItems.prime(row.id, item);
    this.primeJoined(row);
    return item;
  }

  /** Maps a story row, keeping it for the rest of the request. */
  primedStory(row: StoryRow): Story {
    const story = toStory(row);
    this.stories.prime(row.id, story);
    return story;
  }

  /** Maps an article row, keeping it and the source and category read beside it for the rest of the request. */
  primedArticle(row: ArticleRow): Article {
    const article = toArticle(row);
    this.articles.prime(row.id, article);
    this.primeJoined(row);
    return article;
  }

  /** Keeps the source and category a list row carried, so relation fields on the page need no query. */
  primeJoined(row: JoinedColumns): void {
    if (!this.sources.has(row.source_id)) this.sources.prime(row.source_id, toJoinedSource(row));
    const categoryId = row.category_id;
    if (categoryId != null && !this.categories.has(categoryId)) {
      this.categories.prime(categoryId, toCategory({ id: categoryId, name: row.category_name as string, slug: row.category_slug as string }));
    }
  }
}
