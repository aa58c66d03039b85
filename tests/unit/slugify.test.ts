import { slugify } from '../../src/domain/slugify';

describe('slugify', () => {
  it.each([
    ['a name becomes lower case', 'World', undefined, 'world'],
    ['runs of other characters become one dash', 'Science & Tech -- Today', undefined, 'science-tech-today'],
    ['leading and trailing separators are dropped', '  (Culture)  ', undefined, 'culture'],
    ['accents are dropped', 'Économie et Société', undefined, 'economie-et-societe'],
    ['ß becomes ss, as upper case has it', 'Straße', undefined, 'strasse'],
    ['STRASSE is the same slug', 'STRASSE', undefined, 'strasse'],
    ['letters of other scripts are kept', 'Мир 2026', undefined, 'мир-2026'],
    ['nothing but punctuation gives an empty slug', ' -- ', undefined, ''],
    ['a title keeps its first maxWords words', 'Port workers end their strike after talks in Halden', 4, 'port-workers-end-their'],
    ['a slug is at most 80 characters', 'word '.repeat(30), undefined, 'word-'.repeat(16).slice(0, 80)],
  ])('%s', (_behaviour, text, maxWords, expected) => {
    expect(slugify(text, maxWords)).toBe(expected);
  });
});
