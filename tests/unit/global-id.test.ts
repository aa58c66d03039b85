import { fromGlobalId, MAX_ROW_ID, toGlobalId } from '../../src/domain/global-id';

describe('global IDs', () => {
  it('round-trip every node type', () => {
    for (const type of ['Article', 'NewsItem', 'Source', 'Category'] as const) {
      expect(fromGlobalId(toGlobalId(type, 7))).toEqual({ type, id: 7 });
    }
  });

  it('refuse IDs this API did not issue', () => {
    const issued = toGlobalId('Source', 1);
    // The last three: an issued ID written otherwise than as issued (garbage after it, padding), which Node's decoder reads as the ID itself.
    for (const bad of ['', '42', Buffer.from('User:1').toString('base64url'), Buffer.from('Article:0').toString('base64url'), Buffer.from('Article:99999999999').toString('base64url'), `${issued}!!!!`, `${issued}=`, `${issued}.`]) {
      expect(() => fromGlobalId(bad)).toThrow(new Error(`Expected an ID issued by this API (such as an Article's \`id\`); got ${JSON.stringify(bad)}.`));
    }
  });

  it('accept the largest int4 row id and refuse the next one', () => {
    expect(fromGlobalId(toGlobalId('Article', MAX_ROW_ID))).toEqual({ type: 'Article', id: 2147483647 });
    expect(() => fromGlobalId(Buffer.from('Article:2147483648').toString('base64url'))).toThrow(
      new Error('Expected an ID issued by this API (such as an Article\'s `id`); got "QXJ0aWNsZToyMTQ3NDgzNjQ4".'),
    );
  });

  it('quote a refused ID escaped and cut short', () => {
    expect(() => fromGlobalId(`a\u0000${'b'.repeat(100)}`)).toThrow(
      new Error(`Expected an ID issued by this API (such as an Article's \`id\`); got "a\\u0000${'b'.repeat(62)}"… (102 characters).`),
    );
  });

  it("refuse another type's ID where one type is expected", () => {
    expect(() => fromGlobalId(toGlobalId('Category', 1), 'Source')).toThrow(new Error('Expected the ID of a Source; got the ID of a Category.'));
    // Where it was given, and what was expected, for a malformed one too.
    expect(() => fromGlobalId('zzz', 'Source', 'filter.sourceIds[2]')).toThrow(new Error('`filter.sourceIds[2]`: Expected the ID of a Source (a Source\'s `id`); got "zzz".'));
  });
});
