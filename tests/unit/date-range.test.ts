import { checkDateRange, INSTANTS, isStorableInstant } from '../../src/domain/date-range';

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
    expect(() => checkDateRange({ from: b, to: a })).toThrow(
      new Error(
        '`publishedAt.from` must be earlier than `publishedAt.to` (the range is half-open: from inclusive, to exclusive); ' +
          'got from 2024-03-02T00:00:00.000Z and to 2024-03-01T00:00:00.000Z.',
      ),
    );
  });

  it('refuses an empty range (from equal to to), since to is exclusive', () => {
    expect(() => checkDateRange({ from: a, to: a })).toThrow(
      new Error(
        '`publishedAt.from` must be earlier than `publishedAt.to` (the range is half-open: from inclusive, to exclusive); ' +
          'got from 2024-03-01T00:00:00.000Z and to 2024-03-01T00:00:00.000Z.',
      ),
    );
  });
});

describe('isStorableInstant', () => {
  it.each([
    ['the first instant of year 1', '0001-01-01T00:00:00.000Z', true],
    ['the last instant of year 9999', '9999-12-31T23:59:59.999Z', true],
    ['the last instant of year 0 (1 BC), which PostgreSQL has but the embedded database cannot be handed', '0000-12-31T23:59:59.999Z', false],
    ['the first instant of year 10000', '+010000-01-01T00:00:00.000Z', false],
  ])('%s: %p', (_name, iso, storable) => {
    expect(isStorableInstant(new Date(iso).getTime())).toBe(storable);
  });

  it('matches the bounds it states', () => {
    expect(new Date(INSTANTS.earliest).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(new Date(INSTANTS.latest).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(isStorableInstant(NaN)).toBe(false);
  });
});
