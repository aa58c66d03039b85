import type { Sql } from '../sql';
import { keysetResult, keysetTail, KeysetPage, KeysetRows, ListOrder } from './keyset';
import { statement } from './statement';

/** The WHERE conditions of a list query and their parameters, numbered as they are added. */
export class Conditions {
  readonly where: string[] = [];
  readonly values: unknown[] = [];

  /** Adds a condition on one parameter; `sql` receives its placeholder (`$n`). */
  add(sql: (placeholder: string) => string, value: unknown): this {
    this.values.push(value);
    this.where.push(sql(`$${this.values.length}`));
    return this;
  }

  /** `column` in the half-open range [from, to); an open end adds nothing. */
  range(column: string, from: Date | null, to: Date | null): this {
    if (from) this.add((p) => `${column} >= ${p}`, from);
    if (to) this.add((p) => `${column} < ${p}`, to);
    return this;
  }

  /** `column` equal to one of the ids; null adds nothing. */
  anyId(column: string, ids: number[] | null): this {
    return ids ? this.add((p) => `${column} = ANY(${p}::int[])`, ids) : this;
  }

  /** Adds a condition with no parameter of its own (one on a column of an outer query). */
  also(sql: string): this {
    this.where.push(sql);
    return this;
  }

  /** The WHERE clause, or nothing. */
  get clause(): string {
    return this.where.length ? `WHERE ${this.where.join(' AND ')}` : '';
  }
}

/** Reads one keyset page in the list's order: `SELECT <selectFrom> WHERE … ORDER BY … LIMIT`. */
export async function readPage<Row>(
  sql: Sql,
  selectFrom: string,
  conditions: Conditions,
  order: ListOrder<Row>,
  page: KeysetPage,
): Promise<KeysetRows<Row>> {
  const tail = keysetTail(order as ListOrder<unknown>, page, conditions.where, conditions.values);
  const rows = await sql.read<Row>(statement(`SELECT ${selectFrom} ${conditions.clause} ${tail}`), conditions.values);
  return keysetResult(rows, page, order);
}

/**
 * Reads one keyset page per key, in one statement: the list's query run for each key of `keys` (LATERAL), where
 * `conditions` name the key as `k.key` (the rows of one parent among several: a story's news items). For pages
 * without cursors, which are the same for every parent; returns them in the order of `keys`.
 */
export async function readPagesByKey<Row>(
  sql: Sql,
  selectFrom: string,
  conditions: Conditions,
  order: ListOrder<Row>,
  page: KeysetPage,
  keys: readonly number[],
): Promise<KeysetRows<Row>[]> {
  if (page.after || page.before) throw new Error('readPagesByKey reads first or last pages only');
  const tail = keysetTail(order as ListOrder<unknown>, page, conditions.where, conditions.values);
  const values = [...conditions.values, keys];
  const rows = await sql.read<Row & { page_key?: number }>(
    statement(`SELECT k.key AS page_key, x.* FROM unnest($${values.length}::int[]) AS k(key)
      CROSS JOIN LATERAL (SELECT ${selectFrom} ${conditions.clause} ${tail}) x`),
    values,
  );
  const byKey = new Map<number, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) {
    const key = row.page_key as number;
    delete row.page_key;
    byKey.get(key)?.push(row);
  }
  return keys.map((key) => keysetResult(byKey.get(key) as Row[], page, order));
}

/** Counts the rows of `from` (a table and alias) the conditions match. */
export async function countWhere(sql: Sql, from: string, conditions: Conditions): Promise<number> {
  const rows = await sql.read<{ n: number }>(statement(`SELECT count(*)::int AS n FROM ${from} ${conditions.clause}`), conditions.values);
  return rows[0].n;
}
