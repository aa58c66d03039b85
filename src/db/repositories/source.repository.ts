import type { Sql } from '../sql';
import type { SourceKind } from '../entities/source.entity';
import { keysetResult, keysetTail, KeysetPage } from './keyset';
import { statement } from './statement';

/** A source with its fetch state and health. */
export interface SourceRow {
  id: number;
  name: string;
  homepage_url: string | null;
  feed_url: string;
  kind: SourceKind;
  language: string | null;
  fetch_interval_seconds: number;
  last_fetched_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  next_fetch_at: Date;
  created_at: Date;
  article_count: number;
  news_item_count: number;
}

const COLUMNS = `s.id, s.name, s.homepage_url, s.feed_url, s.kind, s.language, s.fetch_interval_seconds,
  s.last_fetched_at, s.last_success_at, s.last_error, s.consecutive_failures, s.next_fetch_at, s.created_at,
  (SELECT count(*)::int FROM article a WHERE a.source_id = s.id) AS article_count,
  (SELECT count(*)::int FROM news_item n WHERE n.source_id = s.id) AS news_item_count
FROM source s`;

/** All SQL about sources. */
export class SourceRepository {
  constructor(private readonly sql: Sql) {}

  /** A page of sources, newest first. */
  async list(page: KeysetPage): Promise<{ rows: SourceRow[]; hasMore: boolean }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const tail = keysetTail('s', page, where, values, 'created_at');
    const rows = await this.sql.read<SourceRow>(
      statement(`SELECT ${COLUMNS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${tail}`),
      values,
    );
    return keysetResult(rows, page);
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
}
