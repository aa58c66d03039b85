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
