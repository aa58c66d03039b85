import type { ArticleListFilter, ArticleRepository } from '../db/repositories/article.repository';
import { canonicalUrl, InvalidUrlError } from '../domain/canonical-url';
import type { ArticleBodyRow, ArticleRow } from '../domain/rows';
import { checkDateRange, DateRange } from '../domain/date-range';
import { BadInputError } from '../domain/errors';
import { shown } from '../domain/input-check';
import type { PageArgs } from '../domain/page';
import type { SourceRepository } from '../db/repositories/source.repository';
import { checkSourcesExist, checkIdList, checkLanguage, checkNameList } from './filters';
import { inKeyOrder } from './in-key-order';
import { ListPage, listPage, pageRequest, pagesOfStories } from './pagination';

/** What a client may filter articles by. */
export interface ArticleQuery {
  publishedAt?: DateRange | null;
  sourceIds?: number[] | null;
  categories?: string[] | null;
  language?: string | null;
}

/** Reading articles: lists, lookups and bodies. */
export class ArticleService {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly sources: SourceRepository,
  ) {}

  /** A page of articles, newest first, matching the query. */
  async list(query: ArticleQuery, args: PageArgs): Promise<ListPage<ArticleRow>> {
    const filter = await this.checkedFilter(query);
    const request = pageRequest(args, ['articles', filter]);
    const result = await this.articles.list(filter, request.page);
    return listPage(request, result, () => this.articles.count(filter));
  }

  /** Checks a filter as `list` does (its sources must exist) and reads it as the repositories take it. */
  async checkedFilter(query: ArticleQuery): Promise<ArticleListFilter> {
    const filter = toListFilter(query);
    await checkSourcesExist(this.sources, filter.sourceIds);
    return filter;
  }

  /** A page of the articles of one story's news items, newest first. */
  async listOfStory(storyId: number, args: PageArgs): Promise<ListPage<ArticleRow>> {
    const filter = ofStory(storyId);
    const request = pageRequest(args, ['storyArticles', storyId]);
    return listPage(request, await this.articles.list(filter, request.page), () => this.articles.count(filter));
  }

  /** The pages of these stories' articles for one request's arguments (see pagesOfStories), in `storyIds` order; an Error where a cursor does not fit. */
  listsOfStories(storyIds: readonly number[], args: PageArgs): Promise<(ListPage<ArticleRow> | Error)[]> {
    return pagesOfStories(
      {
        tag: 'storyArticles',
        one: (storyId, pageArgs) => this.listOfStory(storyId, pageArgs),
        firstPages: (ids, page) => this.articles.firstPagesOfStories(ids, page),
        counts: (ids) => this.articles.countsOfStories(ids),
      },
      storyIds,
      args,
    );
  }

  /** The articles with these ids, one per id in id order, null where none exists. */
  async byIds(ids: readonly number[]): Promise<(ArticleRow | null)[]> {
    return inKeyOrder(ids, await this.articles.byIds(ids));
  }

  /** The article stored under this URL, read as ingestion stores it (tracking parameters, host case, fragment aside), or null. */
  byUrl(url: string): Promise<ArticleRow | null> {
    let canonical: string;
    try {
      canonical = canonicalUrl(url);
    } catch (error) {
      if (!(error instanceof InvalidUrlError)) throw error;
      throw new BadInputError(`\`url\` must be an absolute http(s) URL; got ${shown(url)}.`);
    }
    return this.articles.byUrl(canonical);
  }

  /** The bodies of these articles, one per id in id order, null where none exists. */
  async bodies(ids: readonly number[]): Promise<(ArticleBodyRow | null)[]> {
    return inKeyOrder(ids, await this.articles.bodies(ids));
  }
}

/** Checks what a client filters articles by, and reads it as the repositories take it. */
export function toListFilter(query: ArticleQuery): ArticleListFilter {
  const { from, to } = checkDateRange(query.publishedAt);
  return {
    from,
    to,
    sourceIds: checkIdList('filter.sourceIds', query.sourceIds),
    categorySlugs: checkNameList('filter.categories', query.categories),
    language: checkLanguage(query.language, 'filter.language'),
  };
}

/** The filter of one story's list. */
const ofStory = (storyId: number) => ({ from: null, to: null, sourceIds: null, categorySlugs: null, language: null, storyId });
