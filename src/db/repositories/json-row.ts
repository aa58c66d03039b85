/**
 * SQL fragments that make PostgreSQL hand back each row as one JSON value.
 *
 * The driver then parses a row with one native JSON.parse instead of converting column by
 * column (dates, arrays, integers), which on a 20-row page was most of the time Node spent
 * on the query.
 */

/** A timestamptz as the exact text JavaScript's toISOString() gives (UTC, milliseconds), so it needs no parsing. */
export const isoText = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `json_build_object(...) AS row` over the given output names and SQL expressions. */
export function jsonRow(fields: Record<string, string>): string {
  const pairs = Object.entries(fields).map(([name, expression]) => `'${name}', ${expression}`);
  return `json_build_object(${pairs.join(', ')}) AS row`;
}

/** Unwraps the rows of a jsonRow query. */
export function unwrap<Row>(rows: { row: Row }[]): Row[] {
  return rows.map((r) => r.row);
}
