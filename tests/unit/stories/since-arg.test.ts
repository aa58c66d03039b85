import { sinceArg } from '../../../src/cli/commands/stories';
import { readArgs, UsageError } from '../../../src/cli/usage';

describe('stories rebuild --since', () => {
  const now = Date.UTC(2026, 10, 30, 12);

  it.each([
    ['72h', new Date(now - 72 * 3_600_000)],
    ['7d', new Date(now - 7 * 86_400_000)],
    ['2026-11-01T00:00:00Z', new Date('2026-11-01T00:00:00Z')],
    ['2026-11-01T02:00:00+02:00', new Date('2026-11-01T00:00:00Z')],
  ])('reads %s', (raw, expected) => {
    expect(sinceArg(raw, now)).toEqual(expected);
  });

  it.each(['yesterday', '2026-11-01', '2026-13-45T00:00:00Z', '72', '2024-02-29T24:00:00Z', '2024-02-29T23:60:00Z', '2024-02-29 00:00:00Z'])('refuses %s with a message that says what it expects', (raw) => {
    expect(() => sinceArg(raw, now)).toThrow(new UsageError(`--since expects an ISO 8601 date-time with offset (2026-11-01T00:00:00Z) or a time ago (72h, 7d); got "${raw}".`));
  });

  it.each([
    ['2024-02-30T00:00:00Z', '2024-02-30'],
    ['2023-02-29T00:00:00Z', '2023-02-29'],
    ['2024-04-31T12:00:00+02:00', '2024-04-31'],
  ])('refuses %s, a day the calendar lacks, instead of rolling it over to the next month', (raw, day) => {
    expect(() => sinceArg(raw, now)).toThrow(new UsageError(`--since must name a day the calendar has (${day} has none); got "${raw}".`));
  });

  it('takes February 29 of a leap year', () => {
    expect(sinceArg('2024-02-29T00:00:00Z', now)).toEqual(new Date('2024-02-29T00:00:00Z'));
  });

  it.each([
    ['0001-01-01T00:00:00+14:00', 'before'],
    ['0000-06-01T00:00:00Z', 'before'],
    ['999999d', 'before'],
    ['99999999d', 'before'],
    ['999999999999999h', 'before'],
  ])('refuses %s, an instant the database cannot hold, naming the range it takes', (raw, side) => {
    expect(() => sinceArg(raw, now)).toThrow(
      new UsageError(`--since must name an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z; "${raw}" is ${side} that range.`),
    );
  });

  it('takes the first instant of that range', () => {
    expect(sinceArg('0001-01-01T00:00:00Z', now)).toEqual(new Date('0001-01-01T00:00:00Z'));
  });
});

describe('a command line that gives a one-value option twice', () => {
  it('is refused, naming the option (parseArgs alone would keep the last value and say nothing)', () => {
    const options = { since: { type: 'string' as const }, source: { type: 'string' as const, multiple: true } };
    expect(() => readArgs({ args: ['--since', '1d', '--since', '2d'], options })).toThrow(new UsageError('--since is given more than once; give it once.'));
    expect(() => readArgs({ args: ['--since=1d', '--since', '2d'], options })).toThrow(new UsageError('--since is given more than once; give it once.'));
    expect(readArgs({ args: ['--source', 'a', '--source', 'b'], options }).values.source).toEqual(['a', 'b']);
    expect(readArgs({ args: ['--since', '1d'], options }).values.since).toBe('1d');
  });
});
