// RFC 9110 §5.6.7: HTTP-dates (IMF-fixdate, obsolete RFC 850 and asctime) all begin with a day name and are in GMT.
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i;

/** Milliseconds to wait from a Retry-After value (RFC 9110 §10.2.3: delay-seconds or HTTP-date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return null;
  // asctime dates carry no zone, and Date.parse would read them as local time.
  const at = Date.parse(/ GMT$/i.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
