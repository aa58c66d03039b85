import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { poolsOf } from './data-source';

/** A statement with a stable name, so PostgreSQL plans it once per connection and reuses the plan. */
export interface Statement {
  name: string;
  text: string;
}

/**
 * Runs repository SQL on the pools under TypeORM: reads go to a replica when there are any.
 *
 * Hot list queries come here rather than through QueryBuilder so that they run as named
 * prepared statements and return plain rows without entity hydration.
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
    const result = await pool.query({ name: statement.name, text: statement.text, values });
    return result.rows as Row[];
  }
}
