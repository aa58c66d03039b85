import type { Sql } from '../sql';
import type { SourceKind } from '../entities/source.entity';
import { isoText, jsonRow, unwrap } from './json-row';
import { keysetResult, keysetTail, KeysetPage } from './keyset';
import { statement } from './statement';

/** Which news items a list holds; null means no restriction. */
export interface NewsItemListFilter {
  from: Date | null;
  to: Date | null;
  sourceIds: number[] | null;
}

/** A news item with its source beside it. */
export interface NewsItemRow {
  id: number;
  title: string;
  url: string;
  /** ISO 8601 in UTC (see isoText); likewise first_seen_at. */
  published_at: string;
  first_seen_at: string;
  article_id: number | null;
  source_id: number;
  source_name: string;
  source_homepage_url: string | null;
  source_feed_url: string;
  source_kind: SourceKind;
  source_language: string | null;
}

const LIST_COLUMNS = `${jsonRow({
  id: 'n.id',
  title: 'n.title',
  url: 'n.url',
  published_at: isoText('n.published_at'),
  first_seen_at: isoText('n.first_seen_at'),
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

function filterConditions(filter: NewsItemListFilter, where: string[], values: unknown[]): void {
  if (filter.from) {
    values.push(filter.from);
    where.push(`n.published_at >= $${values.length}`);
  }
  if (filter.to) {
    values.push(filter.to);
    where.push(`n.published_at < $${values.length}`);
  }
  if (filter.sourceIds) {
    values.push(filter.sourceIds);
    where.push(`n.source_id = ANY($${values.length}::int[])`);
  }
}

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** All SQL about news items. */
export class NewsItemRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of news items, newest first, with their sources, in one statement. */
  async list(filter: NewsItemListFilter, page: KeysetPage): Promise<{ rows: NewsItemRow[]; hasMore: boolean }> {
    const where: string[] = [];
    const values: unknown[] = [];
    filterConditions(filter, where, values);
    const tail = keysetTail('n', page, where, values);
    const rows = await this.sql.read<{ row: NewsItemRow }>(statement(`SELECT ${LIST_COLUMNS} ${whereClause(where)} ${tail}`), values);
    return keysetResult(unwrap(rows), page);
  }

  /** How many news items the filter matches. */
  async count(filter: NewsItemListFilter): Promise<number> {
    const where: string[] = [];
    const values: unknown[] = [];
    filterConditions(filter, where, values);
    const rows = await this.sql.read<{ n: number }>(
      statement(`SELECT count(*)::int AS n FROM news_item n ${whereClause(where)}`),
      values,
    );
    return rows[0].n;
  }

  /** The news items with these ids, in no particular order. */
  async byIds(ids: readonly number[]): Promise<NewsItemRow[]> {
    return unwrap(await this.sql.read<{ row: NewsItemRow }>(statement(`SELECT ${LIST_COLUMNS} WHERE n.id = ANY($1::int[])`), [ids]));
  }

  /** The news items that point to these articles, newest first. */
  async byArticleIds(articleIds: readonly number[]): Promise<NewsItemRow[]> {
    return unwrap(
      await this.sql.read<{ row: NewsItemRow }>(
        statement(`SELECT ${LIST_COLUMNS} WHERE n.article_id = ANY($1::int[]) ORDER BY n.published_at DESC, n.id DESC`),
        [articleIds],
      ),
    );
  }
}
