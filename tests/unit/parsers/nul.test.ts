import { feedOf, readDocument } from '../../../src/ingest/parsers';

const read = (text: string | Buffer, type: string) => feedOf(readDocument(Buffer.isBuffer(text) ? text : Buffer.from(text), type, 'https://nul.example/feed'));

describe('a feed whose text would hold NUL (which PostgreSQL cannot store) is read without it', () => {
  it.each([
    ['a raw byte', 'T\u0000x', 'a\u0000b', 'g\u00001'],
    ['decimal and hexadecimal character references', 'T&#0;x', 'a&#x0;b', 'g&#00;1'],
    ['an upper-case hexadecimal reference', 'T&#X0;x', 'a&#X00;b', 'g&#x000;1'],
  ])('in XML, as %s', (_name, title, entryTitle, guid) => {
    const feed = read(`<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><item><title>${entryTitle}</title><link>https://nul.example/1</link><guid>${guid}</guid><category>&#0;</category><category>c&#0;</category></item></channel></rss>`, 'application/rss+xml');
    expect(feed.title).toBe('Tx');
    expect(feed.entries.map(({ title: t, guid: g, categories }) => ({ t, g, categories }))).toEqual([{ t: 'ab', g: 'g1', categories: ['c'] }]);
  });

  it("in a JSON Feed, as JSON's escape", () => {
    const feed = read(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J\u0000n', items: [{ id: '\u0000', url: 'https://nul.example/1', title: 'O\u0000ne', content_html: '<p>x\u0000y</p>' }] }), 'application/feed+json');
    expect(feed.title).toBe('Jn');
    expect(feed.entries).toEqual([expect.objectContaining({ guid: null, title: 'One', contentHtml: '<p>xy</p>' })]);
  });

  it('in UTF-16, whose bytes hold zeros everywhere', () => {
    const text = '\ufeff<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>U\u0000x</title><item><title>caf\u00e9</title><link>https://nul.example/1</link></item></channel></rss>';
    const feed = read(Buffer.from(text, 'utf16le'), 'application/rss+xml');
    expect([feed.title, feed.entries[0].title]).toEqual(['Ux', 'caf\u00e9']);
  });
});
