import type { ArticleListFilter } from '../db/repositories/article.repository';
import type { NewsItemListFilter } from '../db/repositories/news-item.repository';
import type { StoryListFilter } from '../db/repositories/story.repository';
import type { ArticleRow, NewsItemRow, StoryItemFacets } from '../domain/rows';
import { inLanguageRange } from '../domain/language-tag';
import { toDate, type DbTimestamp } from '../domain/timestamp';

/**
 * The list filters, checked on rows in memory: what live updates push to each subscriber. Each states the same rule
 * as the SQL conditions of its list (conditionsOf in article.repository, news-item.repository, itemConditions in
 * story.repository), so that a subscription with a filter receives exactly what the list with that filter would hold.
 */

/** `at` in the half-open range [from, to). */
function inRange(at: DbTimestamp, from: Date | null, to: Date | null): boolean {
  if (!from && !to) return true;
  const ms = toDate(at).getTime();
  return (!from || ms >= from.getTime()) && (!to || ms < to.getTime());
}

const inList = <T>(list: readonly T[] | null, value: T | null): boolean => list === null || (value !== null && list.includes(value));

/** Whether the article list with `filter` holds `row`. */
export function articleMatches(filter: ArticleListFilter, row: ArticleRow): boolean {
  return (
    inRange(row.published_at, filter.from, filter.to) &&
    inList(filter.sourceIds, row.source_id) &&
    inList(filter.categorySlugs, row.category_slug) &&
    (filter.language === null || inLanguageRange(row.language, filter.language))
  );
}

/** Whether the news item list with `filter` holds `row`. */
export function newsItemMatches(filter: NewsItemListFilter, row: NewsItemRow): boolean {
  return inRange(row.published_at, filter.from, filter.to) && inList(filter.sourceIds, row.source_id);
}

/** Whether the story list with `filter` holds a story whose news items are `items`: one of them matches every filter given. */
export function storyMatches(filter: StoryListFilter, items: readonly StoryItemFacets[]): boolean {
  if (!storyFilterLooksAtItems(filter)) return true;
  return items.some(
    (item) =>
      inRange(item.published_at, filter.from, filter.to) &&
      inList(filter.sourceIds, item.source_id) &&
      inList(filter.categorySlugs, item.category_slug) &&
      (filter.language === null || inLanguageRange(item.language, filter.language)),
  );
}

/** Whether a story filter needs the story's news items to be decided (any filter given). */
export function storyFilterLooksAtItems(filter: StoryListFilter): boolean {
  return Boolean(filter.from || filter.to || filter.sourceIds || filter.categorySlugs || filter.language);
}
