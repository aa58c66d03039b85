/**
 * A timestamptz as the database drivers hand it over: a Date (PGlite), or PostgreSQL's own
 * ISO text in UTC ("2024-03-20 12:00:00.5+00"), which the PostgreSQL reads keep unparsed until
 * a query actually selects the field.
 */
export type DbTimestamp = Date | string;

const POSTGRES_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/** True for text exactly as toISOString() writes it. */
const isCanonical = (value: string) => value.length === 24 && value.charCodeAt(23) === 90 && value.charCodeAt(10) === 84;

/** The instant as toISOString() text (UTC, milliseconds), whatever form it came in. */
export function toIsoString(value: DbTimestamp): string {
  if (value instanceof Date) return value.toISOString();
  if (isCanonical(value)) return value;
  const parts = POSTGRES_UTC.exec(value);
  if (parts) return `${parts[1]}T${parts[2]}.${(parts[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Expected a timestamp; got ${JSON.stringify(value)}.`);
  return date.toISOString();
}

/** The instant as a Date. */
export function toDate(value: DbTimestamp): Date {
  return value instanceof Date ? value : new Date(toIsoString(value));
}
