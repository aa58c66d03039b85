import { checkDateRange } from '../../src/domain/date-range';

describe('checkDateRange', () => {
  const a = new Date('2024-03-01T00:00:00Z');
  const b = new Date('2024-03-02T00:00:00Z');

  it('accepts open, half-open and ordered ranges', () => {
    expect(checkDateRange(undefined)).toEqual({ from: null, to: null });
    expect(checkDateRange({ from: a })).toEqual({ from: a, to: null });
    expect(checkDateRange({ to: b })).toEqual({ from: null, to: b });
    expect(checkDateRange({ from: a, to: b })).toEqual({ from: a, to: b });
  });

  it('refuses from after to', () => {
    expect(() => checkDateRange({ from: b, to: a })).toThrow(/`publishedAt.from` must be earlier than `publishedAt.to`/);
  });

  it('refuses an empty range (from equal to to), since to is exclusive', () => {
    expect(() => checkDateRange({ from: a, to: a })).toThrow(/half-open/);
  });
});
