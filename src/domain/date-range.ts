import { BadInputError } from './errors';

/**
 * The instants the API takes, in epoch milliseconds: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.
 *
 * RFC 3339 years have four digits; PostgreSQL has no year 0 (the embedded database, which is handed
 * dates as ISO text, refuses "0000-…" and "+010000-…"), and JavaScript Dates end in year 275760.
 * Inside these bounds both databases and Date agree on every instant.
 */
export const INSTANTS = { earliest: -62135596800000, latest: 253402300799999 } as const;

/** The bounds of INSTANTS as a message shows them. */
export const INSTANTS_TEXT = '0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

/** True when an epoch millisecond count is an instant both databases and Date can hold. */
export function isStorableInstant(ms: number): boolean {
  return ms >= INSTANTS.earliest && ms <= INSTANTS.latest;
}

/** A half-open time range: `from` inclusive, `to` exclusive; either end may be open. */
export interface DateRange {
  from?: Date | null;
  to?: Date | null;
}

/** Checks that a range is not empty or reversed and returns it with absent ends as null. */
export function checkDateRange(range: DateRange | null | undefined, name = 'publishedAt'): { from: Date | null; to: Date | null } {
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  if (from && to && from.getTime() >= to.getTime()) {
    throw new BadInputError(
      `\`${name}.from\` must be earlier than \`${name}.to\` (the range is half-open: from inclusive, to exclusive); ` +
        `got from ${from.toISOString()} and to ${to.toISOString()}.`,
    );
  }
  return { from, to };
}

/**
 * The "YYYY-MM-DD" of a value written as a date-time whose day does not exist (February 30, April 31, February 29
 * of a common year), else null: such a value is refused for its day, not for its form.
 */
export function nonexistentDay(value: unknown): string | null {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T/.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  return day > daysInMonth && day <= 31 ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
