import { toDate, toIsoString } from '../../src/domain/timestamp';

describe('timestamps as drivers hand them over', () => {
  it.each([
    [new Date('2024-03-20T12:00:00.123Z'), '2024-03-20T12:00:00.123Z'],
    ['2024-03-20T12:00:00.123Z', '2024-03-20T12:00:00.123Z'],
    ['2024-03-20 12:00:00+00', '2024-03-20T12:00:00.000Z'],
    ['2024-03-20 12:00:00.5+00', '2024-03-20T12:00:00.500Z'],
    ['2024-03-20 12:00:00.06+00', '2024-03-20T12:00:00.060Z'],
    ['2024-03-20 12:00:00.123+00', '2024-03-20T12:00:00.123Z'],
    ['2024-03-20T16:00:00+04:00', '2024-03-20T12:00:00.000Z'],
  ])('%p reads as %s', (value, iso) => {
    expect(toIsoString(value)).toBe(iso);
    expect(toDate(value).toISOString()).toBe(iso);
  });

  it('refuses text that is no timestamp', () => {
    expect(() => toIsoString('yesterday')).toThrow(new Error('Expected a timestamp; got "yesterday".'));
  });
});
