/** ISO 8601 / RFC 3339 date or date-time, with an optional offset; a space may stand for the "T". */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** A zone a free-form date names explicitly; without one, the runtime would guess the process's zone. */
const EXPLICIT_ZONE = /\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)\b|[+-]\d{4}\b/;

function isoDate(match: RegExpExecArray): Date | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60) return null;
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  const offsetMinutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

/**
 * Reads a date as pages write it in metadata: ISO 8601 with its offset applied ("2024-03-20T16:00:00+04:00"
 * is 12:00Z), or an RFC 2822-style date naming its zone. A date-time without an offset is read as UTC
 * (never as the zone the process happens to run in); anything else is null.
 */
export function parseDate(value: string | null | undefined): Date | null {
  const text = value?.trim();
  if (!text) return null;
  const iso = ISO.exec(text);
  let date: Date | null = null;
  if (iso) date = isoDate(iso);
  else if (EXPLICIT_ZONE.test(text) && /\d{4}/.test(text)) date = new Date(text);
  if (date === null || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? date : null;
}
