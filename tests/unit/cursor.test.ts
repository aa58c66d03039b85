import { decodeCursor, decodeScoreCursor, encodeCursor, encodeScoreCursor, filterFingerprint } from '../../src/domain/cursor';
import { BadInputError } from '../../src/domain/errors';

const key = { at: new Date('2024-03-20T12:00:00.123Z'), id: 42 };

/** The error a malformed or forged cursor (shorter than 64 characters) meets, naming the argument and quoting the cursor. */
const notACursor = (argument: string, cursor: string) =>
  new BadInputError(`\`${argument}\` must be a cursor taken from this list's \`edges.cursor\` or \`pageInfo\`; got ${JSON.stringify(cursor)}.`);

describe('cursor', () => {
  it('round-trips a keyset under the same filters', () => {
    const fp = filterFingerprint({ from: 1, sources: [1, 2] });
    expect(decodeCursor(encodeCursor(key, fp), fp, 'after')).toEqual(key);
  });

  it('is opaque: base64url without the raw timestamp in sight', () => {
    const cursor = encodeCursor(key, filterFingerprint({}));
    // base64url of "v1:<epoch ms>:<id>:<filter fingerprint>"
    expect(cursor).toBe('djE6MTcxMDkzNjAwMDEyMzo0MjowbmYwcnZwMHljNGV0Nw');
    expect(cursor).not.toContain('2024');
  });

  it('refuses a cursor made under other filters', () => {
    const cursor = encodeCursor(key, filterFingerprint({ language: 'en' }));
    expect(() => decodeCursor(cursor, filterFingerprint({ language: 'de' }), 'after')).toThrow(
      new BadInputError(
        'The `after` cursor was issued for a list with other filters or ordering; pass the same filters it was made with, or start again without a cursor.',
      ),
    );
  });

  const issued = encodeCursor(key, filterFingerprint({}));
  it.each([
    '',
    'garbage',
    Buffer.from('v1:abc:1:xxxxxxxxxx').toString('base64url'),
    Buffer.from('v1:1:0:xxxxxxxxxx').toString('base64url'),
    // An issued cursor written otherwise than as issued: Node's decoder would read each as the cursor itself.
    `${issued}!!!!`,
    `${issued}==`,
    Buffer.from(Buffer.from(issued, 'base64url').toString('utf8')).toString('base64'),
  ])(
    'refuses the malformed cursor %p with a message naming the argument',
    (bad) => {
      expect(() => decodeCursor(bad, filterFingerprint({}), 'before')).toThrow(notACursor('before', bad));
    },
  );

  it.each([
    ['a time before year 1', `v1:-62135596800001:1:`],
    ['a time after year 9999', `v1:253402300800000:1:`],
    ['year 0, which only PostgreSQL (not the embedded database) can compare', `v1:-62167219200000:1:`],
    ['an id above int4', `v1:0:2147483648:`],
    ['a time written with a leading zero', `v1:01796147004018:649:`],
    ['a time of "-0"', `v1:-0:649:`],
    ['an id written with a leading zero', `v1:1796147004018:0649:`],
  ])('refuses a forged cursor with %s, before it reaches the database', (_name, forged) => {
    const fp = filterFingerprint({});
    const cursor = Buffer.from(forged + fp).toString('base64url');
    expect(() => decodeCursor(cursor, fp, 'after')).toThrow(notACursor('after', cursor));
  });

  it('accepts the edges: the first and last storable instants, the epoch, and the largest row id', () => {
    const fp = filterFingerprint({});
    for (const at of [new Date('0001-01-01T00:00:00.000Z'), new Date(0), new Date('9999-12-31T23:59:59.999Z')]) {
      expect(decodeCursor(encodeCursor({ at, id: 2147483647 }, fp), fp, 'after')).toEqual({ at, id: 2147483647 });
    }
  });

  it('quotes a refused cursor escaped and cut short', () => {
    expect(() => decodeCursor(`\u0000${'x'.repeat(500)}`, filterFingerprint({}), 'before')).toThrow(
      `\`before\` must be a cursor taken from this list's \`edges.cursor\` or \`pageInfo\`; got "\\u0000${'x'.repeat(63)}"… (501 characters).`,
    );
  });

  it('fingerprints differ when filters differ and match when they are equal', () => {
    expect(filterFingerprint({ a: [1, 2] })).toBe(filterFingerprint({ a: [1, 2] }));
    expect(filterFingerprint({ a: [1, 2] })).not.toBe(filterFingerprint({ a: [1, 3] }));
  });
});

describe('score cursor', () => {
  const fp = filterFingerprint({ q: 'x' });
  const ranked = { score: 0.25, id: 42, asOf: new Date('2026-12-01T00:00:00.000Z') };

  it('round-trips a ranked keyset', () => {
    expect(decodeScoreCursor(encodeScoreCursor(ranked, fp), fp, 'after')).toEqual(ranked);
    for (const score of [0, 1.23456789012345e-7, 2.718281828459045, 0.1 + 0.2]) {
      expect(decodeScoreCursor(encodeScoreCursor({ ...ranked, score }, fp), fp, 'after').score).toBe(score);
    }
  });

  it.each([
    ['an as-of time written with a leading zero', `r1:0.25:42:01796083200000:`],
    ['an as-of time before year 1', `r1:0.25:42:-62135596800001:`],
    ['an id written with a leading zero', `r1:0.25:042:1796083200000:`],
    ['a negative score', `r1:-1e308:42:1796083200000:`],
    ['a score out of range', `r1:1e+308:42:1796083200000:`],
    ['a score not written as the number is (1e308 for 1e+308)', `r1:1e308:42:1796083200000:`],
    ['a score of minus zero', `r1:-0:42:1796083200000:`],
    ['a score written with a leading zero', `r1:00.1:42:1796083200000:`],
  ])('refuses a forged cursor with %s', (_name, forged) => {
    const cursor = Buffer.from(forged + fp).toString('base64url');
    expect(() => decodeScoreCursor(cursor, fp, 'after')).toThrow(notACursor('after', cursor));
  });
});
