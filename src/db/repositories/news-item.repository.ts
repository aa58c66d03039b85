import type { Sql } from '../sql';
import type { NewsItemRow } from '../../domain/rows';
import { selectList } from './select-list';
import { Conditions, countWhere, readPage, readPagesByKey } from './conditions';
import { KeysetPage, KeysetRows, newestFirst } from './keyset';
import { statement } from './statement';

/** Which news items a list holds; null means no restriction. */
export interface NewsItemListFilter {
  from: Date | null;
  to: Date | null;
  sourceIds: number[] | null;
  /** Only the items of this story. */
  storyId?: number | null;
}

/** The columns a list reads of each news item (alias `n`) and its source (`s`). */
export const NEWS_ITEM_COLUMNS = selectList({
  id: 'n.id',
  title: 'n.title',
  url: 'n.url',
  published_at: 'n.published_at',
  first_seen_at: 'n.first_seen_at',
  article_id: 'n.article_id',
  story_id: 'n.story_id',
  source_id: 'n.source_id',
  source_name: 's.name',
  source_homepage_url: 's.homepage_url',
  source_feed_url: 's.feed_url',
  source_kind: 's.kind',
  source_language: 's.language',
});

/** The join NEWS_ITEM_COLUMNS reads through: the source of news item `n`, by primary key. */
export const NEWS_ITEM_JOINS = 'JOIN source s ON s.id = n.source_id';

const LIST_COLUMNS = `${NEWS_ITEM_COLUMNS} FROM news_item n ${NEWS_ITEM_JOINS}`;

/** News items are listed newest first by publication time. */
const ORDER = newestFirst<NewsItemRow>('n', 'published_at');

/** The conditions of the filter on news items aliased `n`, added to `conditions` (a new set by default). */
export function newsItemConditions(filter: NewsItemListFilter, conditions = new Conditions()): Conditions {
  conditions.range('n.published_at', filter.from, filter.to).anyId('n.source_id', filter.sourceIds);
  return filter.storyId ? conditions.add((p) => `n.story_id = ${p}`, filter.storyId) : conditions;
}

/** All SQL about news items. */
export class NewsItemRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of news items, newest first, with their sources, in one statement. */
  list(filter: NewsItemListFilter, page: KeysetPage): Promise<KeysetRows<NewsItemRow>> {
    return readPage(this.sql, LIST_COLUMNS, newsItemConditions(filter), ORDER, page);
  }

  /** The first (or last) page of each story's news items, newest first, in one statement; in the order of `storyIds`. */
  firstPagesOfStories(storyIds: readonly number[], page: KeysetPage): Promise<KeysetRows<NewsItemRow>[]> {
    return readPagesByKey(this.sql, LIST_COLUMNS, new Conditions().also('n.story_id = k.key'), ORDER, page, storyIds);
  }

  /** How many news items each of these stories has, by story id (none: absent). */
  async countsOfStories(storyIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.sql.read<{ key: number; n: number }>(
      statement(`SELECT story_id AS key, count(*)::int AS n FROM news_item WHERE story_id = ANY($1::int[]) GROUP BY story_id`),
      [storyIds],
    );
    return new Map(rows.map((row) => [row.key, row.n]));
  }

  /** How many news items the filter matches. */
  count(filter: NewsItemListFilter): Promise<number> {
    return countWhere(this.sql, 'news_item n', newsItemConditions(filter));
  }

  /** The news items with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<NewsItemRow[]> {
    return this.sql.read<NewsItemRow>(statement(`SELECT ${LIST_COLUMNS} WHERE n.id = ANY($1::int[])`), [ids]);
  }

  /**
   * For each article, the newest item of each other source in the article's story (the story of the article's
   * earliest grouped item), newest first: who else reports it.
   */
  alsoReportedBy(articleIds: readonly number[]): Promise<(NewsItemRow & { for_article_id: number })[]> {
    return this.sql.read(
      statement(`SELECT * FROM (
        SELECT DISTINCT ON (x.article_id, n.source_id) x.article_id AS for_article_id, ${LIST_COLUMNS}
        JOIN (SELECT DISTINCT ON (i.article_id) i.article_id, i.story_id, a.source_id AS own_source_id
              FROM news_item i JOIN article a ON a.id = i.article_id
              WHERE i.article_id = ANY($1::int[]) AND i.story_id IS NOT NULL
              ORDER BY i.article_id, i.published_at, i.id) x ON n.story_id = x.story_id AND n.source_id <> x.own_source_id
        ORDER BY x.article_id, n.source_id, n.published_at DESC, n.id DESC) latest
       ORDER BY for_article_id, published_at DESC, id DESC`),
      [articleIds],
    );
  }

  /** The newest `limit` news items that point to each of these articles, newest first. */
  byArticleIds(articleIds: readonly number[], limit: number): Promise<NewsItemRow[]> {
    // Each article's newest `limit`, read through the article index and sorted among themselves: an article that
    // thousands of items point to (a feed whose GUIDs rotate) costs no more to list than one with ten.
    return this.sql.read<NewsItemRow>(
      statement(`SELECT newest.* FROM unnest($1::int[]) AS wanted (article_id)
       CROSS JOIN LATERAL (SELECT ${NEWS_ITEM_COLUMNS} FROM news_item n ${NEWS_ITEM_JOINS}
         WHERE n.article_id = wanted.article_id ORDER BY n.published_at DESC, n.id DESC LIMIT $2) newest
       ORDER BY published_at DESC, id DESC`),
      [articleIds, limit],
    );
  }
}
