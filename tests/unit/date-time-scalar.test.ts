import { Kind } from 'graphql';
import { DateTimeScalar } from '../../src/graphql/scalars/date-time.scalar';

const RANGE = 'DateTime must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';

describe('DateTime input', () => {
  it.each([
    ['the first instant of year 1', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['the first instant of year 1, written with a negative offset', '0000-12-31T23:00:00-01:00', '0001-01-01T00:00:00.000Z'],
    ['the last instant of year 9999', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['an ordinary instant with an offset', '2024-03-20T16:00:00+04:00', '2024-03-20T12:00:00.000Z'],
    ['a leap second (RFC 3339), as the second after it', '2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
    ['a leap second at an offset, with a fraction', '2016-12-31T15:59:60.5-08:00', '2017-01-01T00:00:00.500Z'],
  ])('accepts %s', (_name, text, utc) => {
    expect((DateTimeScalar.parseValue(text) as Date).toISOString()).toBe(utc);
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 1 at +14:00, which is year 0 in UTC', '0001-01-01T00:00:00+14:00'],
    ['year 9999 at -14:00, which is year 10000 in UTC', '9999-12-31T23:59:59-14:00'],
  ])('refuses %s, checked in UTC, as BAD_USER_INPUT', (_name, text) => {
    // A variable's value: graphql-js's own prefix quotes it, so the message does not quote it again.
    expect(() => DateTimeScalar.parseValue(text)).toThrow(new Error(`${RANGE}.`));
    // A literal's: the message is the whole answer, and quotes it.
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: text })).toThrow(new Error(`${RANGE}; got "${text}".`));
    try {
      DateTimeScalar.parseValue(text);
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('refuses a 61st second anywhere but in a minute 59, and a leap second past the last instant', () => {
    expect(() => DateTimeScalar.parseValue('2016-12-31T23:58:60Z')).toThrow(
      new Error('DateTime must be an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z".'),
    );
    expect(() => DateTimeScalar.parseValue('9999-12-31T23:59:60Z')).toThrow(new Error(`${RANGE}.`));
  });

  it('refuses a year beyond four digits as not RFC 3339', () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '+275760-09-13T00:00:00Z' })).toThrow(
      new Error(
        'DateTime must be an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z"; ' +
          'got "+275760-09-13T00:00:00Z".',
      ),
    );
    expect(() => DateTimeScalar.parseValue('+275760-09-13T00:00:00Z')).toThrow(
      new Error('DateTime must be an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z".'),
    );
  });

  it('refuses a day the calendar does not have for that, not for its form', () => {
    for (const day of ['2026-02-30', '2026-04-31', '2026-02-29', '1900-02-29']) {
      expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: `${day}T00:00:00Z` })).toThrow(
        new Error(`DateTime must name a day the calendar has (${day} has none); got "${day}T00:00:00Z".`),
      );
    }
    // Leap days of leap years are days.
    expect(DateTimeScalar.parseValue('2024-02-29T12:00:00Z')).toEqual(new Date('2024-02-29T12:00:00Z'));
    expect(DateTimeScalar.parseValue('2000-02-29T12:00:00Z')).toEqual(new Date('2000-02-29T12:00:00Z'));
  });
});
