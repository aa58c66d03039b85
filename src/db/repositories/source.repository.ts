import type { Sql } from '../sql';
import type { SourceCountsRow, SourceRow } from '../../domain/rows';
import { selectList } from './select-list';
import { Conditions, readPage } from './conditions';
import { KeysetPage, KeysetRows, newestFirst } from './keyset';
import { statement } from './statement';

const COLUMNS = `${selectList({
  id: 's.id',
  name: 's.name',
  homepage_url: 's.homepage_url',
  feed_url: 's.feed_url',
  kind: 's.kind',
  language: 's.language',
  fetch_interval_seconds: 's.fetch_interval_seconds',
  enabled: 's.enabled',
  full_text: 's.full_text',
  last_fetched_at: 's.last_fetched_at',
  last_success_at: 's.last_success_at',
  last_error: 's.last_error',
  consecutive_failures: 's.consecutive_failures',
  last_pages_failed: 's.last_pages_failed',
  last_page_error: 's.last_page_error',
  next_fetch_at: 's.next_fetch_at',
  created_at: 's.created_at',
})}
FROM source s`;

/** Sources are listed newest first by when they were added. */
const ORDER = newestFirst<SourceRow>('s', 'created_at');

/** All SQL about sources. */
export class SourceRepository {
  constructor(private readonly sql: Sql) {}

  /** A page of sources, newest first. */
  list(page: KeysetPage): Promise<KeysetRows<SourceRow>> {
    return readPage(this.sql, COLUMNS, new Conditions(), ORDER, page);
  }

  /** Every source, oldest first. */
  all(): Promise<SourceRow[]> {
    return this.sql.read<SourceRow>(statement(`SELECT ${COLUMNS} ORDER BY s.id`), []);
  }

  /** Which of these ids name existing sources. */
  async existing(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.sql.read<{ id: number }>(statement('SELECT id FROM source WHERE id = ANY($1::int[])'), [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** How many sources there are. */
  async count(): Promise<number> {
    const rows = await this.sql.read<{ n: number }>(statement('SELECT count(*)::int AS n FROM source'), []);
    return rows[0].n;
  }

  /** The sources with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<SourceRow[]> {
    return this.sql.read<SourceRow>(statement(`SELECT ${COLUMNS} WHERE s.id = ANY($1::int[])`), [ids]);
  }

  /**
   * How many articles and news items each of these sources has, in no particular order. Kept apart from
   * the source's columns: counting reads the article and news item tables, which a source's name does not need.
   */
  counts(ids: readonly number[]): Promise<SourceCountsRow[]> {
    return this.sql.read<SourceCountsRow>(
      statement(
        `SELECT s.id,
                (SELECT count(*)::int FROM article a WHERE a.source_id = s.id) AS article_count,
                (SELECT count(*)::int FROM news_item n WHERE n.source_id = s.id) AS news_item_count
         FROM source s WHERE s.id = ANY($1::int[])`,
      ),
      [ids],
    );
  }
}
