import { isStorableInstant } from '../../domain/date-range';
import { FILLER_WORDS, MONTHS, WEEKDAYS, ZONES } from './date-names';

/** The parts of a date as written; `offset` is minutes east of UTC, null when the date names no zone. */
interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number | null;
}

// RFC 3339 / ISO 8601, also with a space for the `T` and before the zone ("2024-03-20 16:00:00 +0400").
const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)? ?([a-z]+|[+-][\d:]+)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;
const OFFSET = /^([+-])(\d{1,2})(?::?(\d{2}))?$/;
const YEAR_MONTH_DAY = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
// Dotted numeric dates are day-first wherever they are written ("20.03.2024").
const DAY_MONTH_YEAR = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * Parses a date as feeds write it, with its time zone. Returns null when it cannot be read. A date without
 * a zone is read as UTC (RFC 3339 §4.3's "unknown local offset"); years before 1900 are placeholders
 * ("0001-01-01T00:00:00Z" is Go's zero time), so they read as null too, as does a date whose offset takes it past
 * the instants the databases store ("9999-12-31T23:59:59-14:00" is in year 10000 in UTC).
 */
export function parseFeedDate(text: string | null | undefined): Date | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  const normalized = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ') // "+0100 (CET)": the zone name in a comment only repeats the offset
    .replace(/\s+/g, ' ')
    .trim();
  const parts = readIsoDate(normalized) ?? readWrittenDate(normalized);
  return parts ? toDate(parts) : null;
}

function readIsoDate(text: string): DateParts | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offset = zone === undefined ? null : zoneOffset(zone);
  if (offset === undefined) return null;
  return {
    year: Number(year), month: Number(month), day: Number(day),
    hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0),
    millisecond: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
    offset,
  };
}

/**
 * Reads RFC 822/1123 dates and their relatives word by word: "Tue, 10 Mar 2020 16:05:00 +0100",
 * "07 Nov 2015 12:00:00 EST", "Seg, 24 Set 2018 19:42:40 -0300", "Mon Jan 22 2018 10:00:00 GMT+0000",
 * "March 2nd, 2024 4:00 pm". Any word it does not know makes the date unreadable rather than a guess.
 */
function readWrittenDate(text: string): DateParts | null {
  const tokens = text
    .replace(/,/g, ' ')
    .replace(/\b(\d{1,2})-(\p{L}+)-(\d{2,4})\b/u, '$1 $2 $3') // "20-Mar-2024"
    .replace(/(\d:\d\d(?::\d\d(?:[.,]\d+)?)?)(?=[+-])/g, '$1 ') // "16:00:00+0400"
    .replace(/(\p{L})(?=[+-]?\d)|(\d)(?=\p{L})/gu, '$1$2 ') // "GMT+0200", "4:00pm", "2nd"
    .split(' ')
    .filter(Boolean);

  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  let time: RegExpExecArray | null = null;
  let offset: number | null = null;
  let zoneName: number | null = null;
  let meridiem: string | null = null;

  for (const raw of tokens) {
    const token = raw.replace(/\.$/, '');
    let match: RegExpExecArray | null;
    if ((match = TIME.exec(token))) {
      if (time) return null;
      time = match;
    } else if (time && (match = OFFSET.exec(token))) {
      const minutes = zoneOffset(token);
      if (minutes === undefined || offset !== null) return null;
      offset = minutes;
    } else if ((match = YEAR_MONTH_DAY.exec(token)) ?? (match = DAY_MONTH_YEAR.exec(token))) {
      if (year !== null || month !== null || day !== null) return null;
      const dayFirst = match[1].length < 4;
      [year, month, day] = (dayFirst ? [match[3], match[2], match[1]] : [match[1], match[2], match[3]]).map(Number);
    } else if (/^\d+$/.test(token)) {
      if (token.length <= 2 && day === null) day = Number(token);
      else if (token.length >= 2 && token.length <= 4 && year === null) year = fullYear(token);
      else return null;
    } else if (MONTHS.has(token)) {
      // A second month name means the first was a weekday that is also a month ("mar." is Tuesday in Spanish).
      month = MONTHS.get(token)!;
    } else if (ZONES.has(token)) {
      zoneName = ZONES.get(token)!;
    } else if (token === 'am' || token === 'pm') {
      meridiem = token;
    } else if (!WEEKDAYS.has(token) && !FILLER_WORDS.has(token)) {
      return null;
    }
  }
  if (year === null || month === null || day === null) return null;

  let hour = Number(time?.[1] ?? 0);
  if (meridiem) {
    if (!time || hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return {
    year, month, day, hour,
    minute: Number(time?.[2] ?? 0),
    second: Number(time?.[3] ?? 0),
    millisecond: time?.[4] ? Number(time[4].slice(0, 3).padEnd(3, '0')) : 0,
    // A numeric offset is exact; a name beside it ("GMT+0200") only says the offset is from UTC.
    offset: offset ?? zoneName,
  };
}

/** Minutes east of UTC for "Z", "+04", "+0400", "+04:00" or a zone name; undefined when unknown. */
function zoneOffset(zone: string): number | undefined {
  const match = OFFSET.exec(zone);
  if (!match) return ZONES.get(zone);
  const [, sign, hours, minutes] = match;
  if (Number(hours) > 14 || Number(minutes ?? 0) > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes ?? 0));
}

/** RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999; three-digit years count from 1900. */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  return digits.length === 3 ? 1900 + year : year;
}

function toDate(parts: DateParts): Date | null {
  const { year, month, day, hour, minute, millisecond, offset } = parts;
  // A leap second (23:59:60, RFC 3339 §5.7) is read as the second before it.
  const second = Math.min(parts.second, 59);
  if (year < 1900 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Date.UTC rolls 31 February over into March; a day that rolls over was never a date.
  if (new Date(utc).getUTCDate() !== day) return null;
  const instant = utc - (offset ?? 0) * 60_000;
  return isStorableInstant(instant) ? new Date(instant) : null;
}
