import { decodeCursor, encodeCursor, filterFingerprint } from '../../src/domain/cursor';
import { BadInputError } from '../../src/domain/errors';

const key = { at: new Date('2024-03-20T12:00:00.123Z'), id: 42 };

describe('cursor', () => {
  it('round-trips a keyset under the same filters', () => {
    const fp = filterFingerprint({ from: 1, sources: [1, 2] });
    expect(decodeCursor(encodeCursor(key, fp), fp, 'after')).toEqual(key);
  });

  it('is opaque: base64url without the raw timestamp in sight', () => {
    const cursor = encodeCursor(key, filterFingerprint({}));
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('2024');
  });

  it('refuses a cursor made under other filters', () => {
    const cursor = encodeCursor(key, filterFingerprint({ language: 'en' }));
    expect(() => decodeCursor(cursor, filterFingerprint({ language: 'de' }), 'after')).toThrow(/other filters/);
  });

  it.each(['', 'garbage', Buffer.from('v1:abc:1:xxxxxxxxxx').toString('base64url'), Buffer.from('v1:1:0:xxxxxxxxxx').toString('base64url')])(
    'refuses the malformed cursor %p with a message naming the argument',
    (bad) => {
      expect(() => decodeCursor(bad, filterFingerprint({}), 'before')).toThrow(BadInputError);
      expect(() => decodeCursor(bad, filterFingerprint({}), 'before')).toThrow(/`before` must be a cursor/);
    },
  );

  it('fingerprints differ when filters differ and match when they are equal', () => {
    expect(filterFingerprint({ a: [1, 2] })).toBe(filterFingerprint({ a: [1, 2] }));
    expect(filterFingerprint({ a: [1, 2] })).not.toBe(filterFingerprint({ a: [1, 3] }));
  });
});
