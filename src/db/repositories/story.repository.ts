import type { Sql } from '../sql';
import type { StoryItemFacets, StoryRow } from '../../domain/rows';
import { Conditions, countWhere, readPage } from './conditions';
import { addLanguageRange } from './language-range';
import { KeysetPage, KeysetRows, newestFirst } from './keyset';
import { statement } from './statement';
import { TOP_AT } from './story-grouping';

/** How a story list is ordered: by its latest headline, or by sources and recency (see TOP_AT). */
export type StoryOrder = 'TOP' | 'NEWEST';

/** Which stories a list holds: those with a news item matching every filter given; null means no restriction. */
export interface StoryListFilter {
  from: Date | null;
  to: Date | null;
  sourceIds: number[] | null;
  categorySlugs: string[] | null;
  language: string | null;
}

const STORY_COLUMNS = 'st.id, st.title, st.first_published_at, st.last_published_at, st.item_count, st.source_count';

/** Both orders are newest first by `ordered_at`, a column of the subquery `w` every list reads from. */
const ORDER = newestFirst<StoryRow>('w', 'ordered_at');

function hasItemFilter(filter: StoryListFilter): boolean {
  return Boolean(filter.from || filter.to || filter.sourceIds || filter.categorySlugs || filter.language);
}

/** The news items a filter counts: published in the window, of the sources, with an article of the categories and in the language range. */
function itemConditions(filter: StoryListFilter): Conditions {
  const conditions = new Conditions().range('n.published_at', filter.from, filter.to).anyId('n.source_id', filter.sourceIds);
  conditions.where.push('n.story_id IS NOT NULL');
  if (filter.categorySlugs) {
    conditions.add((p) => `a.category_id IN (SELECT id FROM category WHERE slug = ANY(${p}::text[]))`, filter.categorySlugs);
  }
  if (filter.language) addLanguageRange(conditions, 'a.language', filter.language);
  return conditions;
}

/**
 * The rows a list pages through, as `w`. Without filters, the story table itself, in the order of an index
 * (story_top_idx or story_last_published_idx). With filters, the stories of the matching news items, each with
 * its sources and last publication among them: TOP then counts only the sources that matched (in the window).
 */
function source(filter: StoryListFilter, order: StoryOrder): { from: string; conditions: Conditions } {
  if (!hasItemFilter(filter)) {
    const key = order === 'TOP' ? 'st.top_at' : 'st.last_published_at';
    return { from: `(SELECT ${STORY_COLUMNS}, ${key} AS ordered_at FROM story st) w`, conditions: new Conditions() };
  }
  const items = itemConditions(filter);
  const key = order === 'TOP' ? TOP_AT('m.last', 'm.sources') : 'm.last';
  const from = `(SELECT ${STORY_COLUMNS}, ${key} AS ordered_at
    FROM (SELECT n.story_id, count(DISTINCT n.source_id)::int AS sources, max(n.published_at) AS last
          FROM news_item n LEFT JOIN article a ON a.id = n.article_id ${items.clause} GROUP BY n.story_id) m
    JOIN story st ON st.id = m.story_id) w`;
  // The outer conditions (the keyset's) number their parameters after the inner ones.
  const conditions = new Conditions();
  conditions.values.push(...items.values);
  return { from, conditions };
}

/** All SQL about reading stories (grouping them is story-grouping.ts). */
export class StoryRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of stories in the order asked, in one statement. */
  list(filter: StoryListFilter, order: StoryOrder, page: KeysetPage): Promise<KeysetRows<StoryRow>> {
    const { from, conditions } = source(filter, order);
    return readPage(this.sql, `w.* FROM ${from}`, conditions, ORDER, page);
  }

  /** How many stories the filter matches. */
  count(filter: StoryListFilter): Promise<number> {
    const { from, conditions } = source(filter, 'NEWEST');
    return countWhere(this.sql, from, conditions);
  }

  /** The stories with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<StoryRow[]> {
    return this.sql.read<StoryRow>(
      statement(`SELECT ${STORY_COLUMNS}, st.last_published_at AS ordered_at FROM story st WHERE st.id = ANY($1::int[])`),
      [ids],
    );
  }

  /** What a story filter looks at in each news item of these stories (see itemConditions), in no particular order. */
  itemFacets(storyIds: readonly number[]): Promise<StoryItemFacets[]> {
    return this.sql.read(
      statement(`SELECT n.story_id, n.published_at, n.source_id, c.slug AS category_slug, a.language
        FROM news_item n LEFT JOIN article a ON a.id = n.article_id LEFT JOIN category c ON c.id = a.category_id
        WHERE n.story_id = ANY($1::int[])`),
      [storyIds],
    );
  }

  /** The distinct sources of each of these stories, as (story, source) pairs by source id. */
  sourcePairs(storyIds: readonly number[]): Promise<{ story_id: number; source_id: number }[]> {
    return this.sql.read(
      statement('SELECT DISTINCT story_id, source_id FROM news_item WHERE story_id = ANY($1::int[]) ORDER BY story_id, source_id'),
      [storyIds],
    );
  }

  /** The story of each of these articles: that of its earliest grouped news item. */
  storyOfArticles(articleIds: readonly number[]): Promise<{ article_id: number; story_id: number }[]> {
    return this.sql.read(
      statement(`SELECT DISTINCT ON (article_id) article_id, story_id FROM news_item
        WHERE article_id = ANY($1::int[]) AND story_id IS NOT NULL ORDER BY article_id, published_at, id`),
      [articleIds],
    );
  }
}
