import pg from 'pg';
import type { DataSource } from 'typeorm';
import { answerTimeout, poolsOf, targetOf } from './data-source';
import type { Replicas } from './replicas';

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
 * Runs repository SQL on the pools under TypeORM: reads go to a replica when one is up, and to
 * the primary when none is or the one tried cannot be reached.
 *
 * Hot list queries come here rather than through QueryBuilder so that they run as named
 * prepared statements and return plain rows without entity hydration. (The embedded PGlite
 * pool ignores `types`, and parses every column.) The pool gives each statement its time to be answered (guardedQuery).
 */
export class Sql {
  private readonly primary: pg.Pool;
  private readonly replicas: Replicas;
  /** How long a read waits for the server's answer: its statement timeout, and a second for the server to say so. */
  private readonly answerMs: number;

  constructor(dataSource: DataSource) {
    ({ primary: this.primary, replicas: this.replicas } = poolsOf(dataSource));
    this.answerMs = answerTimeout(targetOf(dataSource).databaseStatementTimeoutMs);
  }

  /** Runs a read-only statement and returns its rows. */
  async read<Row>(statement: Statement, values: unknown[]): Promise<Row[]> {
    const query = { name: statement.name, text: statement.text, values, types: LAZY_TYPES, answerMs: this.answerMs };
    const replica = this.replicas.pick();
    if (replica) {
      try {
        return (await replica.query(query)).rows as Row[];
      } catch (error) {
        if (!this.replicas.failed(replica, error)) throw error;
      }
    }
    return (await this.primary.query(query)).rows as Row[];
  }
}
