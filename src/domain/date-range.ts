import { BadInputError } from './errors';

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
