import type { SourceRepository } from '../db/repositories/source.repository';
import type { StoryListFilter, StoryOrder, StoryRepository } from '../db/repositories/story.repository';
import { checkDateRange, DateRange } from '../domain/date-range';
import type { PageArgs } from '../domain/page';
import type { StoryItemFacets, StoryRow } from '../domain/rows';
import { checkIdList, checkLanguage, checkNameList, checkSourcesExist } from './filters';
import { inKeyOrder } from './in-key-order';
import { ListPage, listPage, pageRequest } from './pagination';

/** What a client may filter stories by: a story matches when one of its news items matches every filter given. */
export interface StoryQuery {
  publishedAt?: DateRange | null;
  sourceIds?: number[] | null;
  categories?: string[] | null;
  language?: string | null;
}

/** Reading stories: lists, lookups, and the stories and sources of other nodes. */
export class StoryService {
  constructor(
    private readonly stories: StoryRepository,
    private readonly sources: SourceRepository,
  ) {}

  /** A page of stories in the order asked (TOP or NEWEST), matching the query. */
  async list(query: StoryQuery, order: StoryOrder, args: PageArgs): Promise<ListPage<StoryRow>> {
    const filter = await this.checkedFilter(query);
    const request = pageRequest(args, ['stories', order, filter]);
    const result = await this.stories.list(filter, order, request.page);
    return listPage(request, result, () => this.stories.count(filter));
  }

  /** Checks a filter as `list` does (its sources must exist) and reads it as the repositories take it. */
  async checkedFilter(query: StoryQuery): Promise<StoryListFilter> {
    const { from, to } = checkDateRange(query.publishedAt);
    const filter: StoryListFilter = {
      from,
      to,
      sourceIds: checkIdList('filter.sourceIds', query.sourceIds),
      categorySlugs: checkNameList('filter.categories', query.categories),
      language: checkLanguage(query.language, 'filter.language'),
    };
    await checkSourcesExist(this.sources, filter.sourceIds);
    return filter;
  }

  /** For each story id, what a story filter looks at in each of its news items (see storyMatches). */
  async itemFacets(storyIds: readonly number[]): Promise<StoryItemFacets[][]> {
    const groups = new Map<number, StoryItemFacets[]>(storyIds.map((id) => [id, []]));
    for (const row of await this.stories.itemFacets(storyIds)) groups.get(row.story_id)?.push(row);
    return storyIds.map((id) => groups.get(id) as StoryItemFacets[]);
  }

  /** The stories with these ids, one per id in id order, null where none exists. */
  async byIds(ids: readonly number[]): Promise<(StoryRow | null)[]> {
    return inKeyOrder(ids, await this.stories.byIds(ids));
  }

  /** For each story id, the ids of its distinct sources, in id order. */
  async sourceIds(storyIds: readonly number[]): Promise<number[][]> {
    const groups = new Map<number, number[]>(storyIds.map((id) => [id, []]));
    for (const pair of await this.stories.sourcePairs(storyIds)) groups.get(pair.story_id)?.push(pair.source_id);
    return storyIds.map((id) => groups.get(id) as number[]);
  }

  /** For each article id, the id of its story, or null when its items are not grouped (or it has none). */
  async storyIdsOfArticles(articleIds: readonly number[]): Promise<(number | null)[]> {
    const byArticle = new Map((await this.stories.storyOfArticles(articleIds)).map((row) => [row.article_id, row.story_id]));
    return articleIds.map((id) => byArticle.get(id) ?? null);
  }
}
