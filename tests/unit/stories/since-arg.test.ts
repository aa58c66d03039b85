import { sinceArg } from '../../../src/cli/commands/stories';
import { UsageError } from '../../../src/cli/usage';

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

  it.each(['yesterday', '2026-11-01', '2026-13-45T00:00:00Z', '72'])('refuses %s with a message that says what it expects', (raw) => {
    expect(() => sinceArg(raw, now)).toThrow(new UsageError(`--since expects an ISO 8601 date-time with offset (2026-11-01T00:00:00Z) or a time ago (72h, 7d); got "${raw}".`));
  });
});
