import type { Sql } from '../sql';
import type { NewsItemRow } from '../../domain/rows';
import { selectList } from './select-list';
import { Conditions, countWhere, readPage } from './conditions';
import { KeysetPage, KeysetRows, newestFirst } from './keyset';
import { statement } from './statement';

/** Which news items a list holds; null means no restriction. */
export interface NewsItemListFilter {
  from: Date | null;
  to: Date | null;
  sourceIds: number[] | null;
}

const LIST_COLUMNS = `${selectList({
  id: 'n.id',
  title: 'n.title',
  url: 'n.url',
  published_at: 'n.published_at',
  first_seen_at: 'n.first_seen_at',
  article_id: 'n.article_id',
  source_id: 'n.source_id',
  source_name: 's.name',
  source_homepage_url: 's.homepage_url',
  source_feed_url: 's.feed_url',
  source_kind: 's.kind',
  source_language: 's.language',
})}
FROM news_item n
JOIN source s ON s.id = n.source_id`;

/** News items are listed newest first by publication time. */
const ORDER = newestFirst<NewsItemRow>('n', 'published_at');

function conditionsOf(filter: NewsItemListFilter): Conditions {
  return new Conditions().range('n.published_at', filter.from, filter.to).anyId('n.source_id', filter.sourceIds);
}

/** All SQL about news items. */
export class NewsItemRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of news items, newest first, with their sources, in one statement. */
  list(filter: NewsItemListFilter, page: KeysetPage): Promise<KeysetRows<NewsItemRow>> {
    return readPage(this.sql, LIST_COLUMNS, conditionsOf(filter), ORDER, page);
  }

  /** How many news items the filter matches. */
  count(filter: NewsItemListFilter): Promise<number> {
    return countWhere(this.sql, 'news_item n', conditionsOf(filter));
  }

  /** The news items with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<NewsItemRow[]> {
    return this.sql.read<NewsItemRow>(statement(`SELECT ${LIST_COLUMNS} WHERE n.id = ANY($1::int[])`), [ids]);
  }

  /** The news items that point to these articles, newest first. */
  byArticleIds(articleIds: readonly number[]): Promise<NewsItemRow[]> {
    return this.sql.read<NewsItemRow>(
      statement(`SELECT ${LIST_COLUMNS} WHERE n.article_id = ANY($1::int[]) ORDER BY n.published_at DESC, n.id DESC`),
      [articleIds],
    );
  }
}
