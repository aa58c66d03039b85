import pg from 'pg';
import type { DataSource } from 'typeorm';
import { poolsOf } from './data-source';

/** A statement with a stable name, so PostgreSQL plans it once per connection and reuses the plan. */
export interface Statement {
  name: string;
  text: string;
}

const TIMESTAMPTZ = 1184;
const TEXT_ARRAY = 1009;
const keepText = (text: string) => text;

/**
 * Leaves timestamps and text arrays as PostgreSQL's text: converting them is most of the
 * driver's work on a page of rows, and most queries select few of them (see DbTimestamp).
 */
const LAZY_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMPTZ || oid === TEXT_ARRAY ? keepText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Runs repository SQL on the pools under TypeORM: reads go to a replica when there are any.
 *
 * Hot list queries come here rather than through QueryBuilder so that they run as named
 * prepared statements and return plain rows without entity hydration. (The embedded PGlite
 * pool ignores `types` and parses every column.)
 */
export class Sql {
  private readonly primary: pg.Pool;
  private readonly replicas: pg.Pool[];
  private next = 0;

  constructor(dataSource: DataSource) {
    ({ primary: this.primary, replicas: this.replicas } = poolsOf(dataSource));
  }

  /** Runs a read-only statement and returns its rows. */
  async read<Row>(statement: Statement, values: unknown[]): Promise<Row[]> {
    const pool = this.replicas.length === 0 ? this.primary : this.replicas[this.next++ % this.replicas.length];
    const result = await pool.query({ name: statement.name, text: statement.text, values, types: LAZY_TYPES });
    return result.rows as Row[];
  }
}
