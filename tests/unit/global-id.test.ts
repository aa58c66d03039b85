import { fromGlobalId, toGlobalId } from '../../src/domain/global-id';

describe('global IDs', () => {
  it('round-trip every node type', () => {
    for (const type of ['Article', 'NewsItem', 'Source', 'Category'] as const) {
      expect(fromGlobalId(toGlobalId(type, 7))).toEqual({ type, id: 7 });
    }
  });

  it('refuse IDs this API did not issue', () => {
    for (const bad of ['', '42', Buffer.from('User:1').toString('base64url'), Buffer.from('Article:0').toString('base64url'), Buffer.from('Article:99999999999').toString('base64url')]) {
      expect(() => fromGlobalId(bad)).toThrow(/Expected an ID issued by this API/);
    }
  });

  it("refuse another type's ID where one type is expected", () => {
    expect(() => fromGlobalId(toGlobalId('Category', 1), 'Source')).toThrow('Expected the ID of a Source; got the ID of a Category.');
  });
});
