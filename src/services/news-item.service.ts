import type { NewsItemListFilter, NewsItemRepository } from '../db/repositories/news-item.repository';
import type { NewsItemRow } from '../domain/rows';
import { checkDateRange, DateRange } from '../domain/date-range';
import type { PageArgs } from '../domain/page';
import { inKeyOrder } from './in-key-order';
import type { SourceRepository } from '../db/repositories/source.repository';
import { checkSourcesExist, checkIdList } from './filters';
import { ListPage, listPage, pageRequest, pagesOfStories } from './pagination';

/** What a client may filter news items by. */
export interface NewsItemQuery {
  publishedAt?: DateRange | null;
  sourceIds?: number[] | null;
}

/** Reading news items: lists and lookups. */
export class NewsItemService {
  constructor(
    private readonly newsItems: NewsItemRepository,
    private readonly sources: SourceRepository,
  ) {}

  /** A page of news items, newest first, matching the query. */
  async list(query: NewsItemQuery, args: PageArgs): Promise<ListPage<NewsItemRow>> {
    const filter = await this.checkedFilter(query);
    const request = pageRequest(args, ['newsItems', filter]);
    const result = await this.newsItems.list(filter, request.page);
    return listPage(request, result, () => this.newsItems.count(filter));
  }

  /** Checks a filter as `list` does (its sources must exist) and reads it as the repositories take it. */
  async checkedFilter(query: NewsItemQuery): Promise<NewsItemListFilter> {
    const filter = toNewsItemFilter(query);
    await checkSourcesExist(this.sources, filter.sourceIds);
    return filter;
  }

  /** A page of one story's news items, newest first. */
  async listOfStory(storyId: number, args: PageArgs): Promise<ListPage<NewsItemRow>> {
    const filter = ofStory(storyId);
    const request = pageRequest(args, ['storyNewsItems', storyId]);
    return listPage(request, await this.newsItems.list(filter, request.page), () => this.newsItems.count(filter));
  }

  /** The pages of these stories' news items for one request's arguments (see pagesOfStories), in `storyIds` order; an Error where a cursor does not fit. */
  listsOfStories(storyIds: readonly number[], args: PageArgs): Promise<(ListPage<NewsItemRow> | Error)[]> {
    return pagesOfStories(
      {
        tag: 'storyNewsItems',
        one: (storyId, pageArgs) => this.listOfStory(storyId, pageArgs),
        firstPages: (ids, page) => this.newsItems.firstPagesOfStories(ids, page),
        counts: (ids) => this.newsItems.countsOfStories(ids),
      },
      storyIds,
      args,
    );
  }

  /** For each article id, the newest news item of each other source in its story, newest first, at most `limit`. */
  async alsoReportedBy(articleIds: readonly number[], limit: number): Promise<NewsItemRow[][]> {
    const groups = new Map<number, NewsItemRow[]>(articleIds.map((id) => [id, []]));
    for (const row of await this.newsItems.alsoReportedBy(articleIds)) {
      const group = groups.get(row.for_article_id);
      if (group && group.length < limit) group.push(row);
    }
    return articleIds.map((id) => groups.get(id) as NewsItemRow[]);
  }

  /** The news items with these ids, one per id in id order, null where none exists. */
  async byIds(ids: readonly number[]): Promise<(NewsItemRow | null)[]> {
    return inKeyOrder(ids, await this.newsItems.byIds(ids));
  }

  /** For each article id, the newest `limit` news items that point to it, newest first. */
  async byArticleIds(articleIds: readonly number[], limit: number): Promise<NewsItemRow[][]> {
    const groups = new Map<number, NewsItemRow[]>(articleIds.map((id) => [id, []]));
    for (const row of await this.newsItems.byArticleIds(articleIds, limit)) groups.get(row.article_id as number)?.push(row);
    return articleIds.map((id) => groups.get(id) as NewsItemRow[]);
  }
}

/** Checks what a client filters news items by, and reads it as the repositories take it. */
export function toNewsItemFilter(query: NewsItemQuery): NewsItemListFilter {
  const { from, to } = checkDateRange(query.publishedAt);
  return { from, to, sourceIds: checkIdList('filter.sourceIds', query.sourceIds) };
}

/** The filter of one story's list. */
const ofStory = (storyId: number) => ({ from: null, to: null, sourceIds: null, storyId });
