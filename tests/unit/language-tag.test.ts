import { inLanguageRange, isLanguageTag } from '../../src/domain/language-tag';
import { languageTag } from '../../src/ingest/extract/text';
import { checkLanguage } from '../../src/services/filters';
import { LANGUAGE_RANGE_CASES } from '../helpers/language-ranges';

describe('language tags', () => {
  it.each([
    ['en', 'en'],
    ['pt_BR', 'pt-br'],
    ['zh-Hant-TW', 'zh-hant-tw'],
    ['en-GB-x-private', 'en-gb-x-private'],
    ['i-klingon', 'i-klingon'],
    ['x-newsline', 'x-newsline'],
    ['de-CH-1996', 'de-ch-1996'],
    [' fr ', 'fr'],
  ])('a feed or page that says %j is stored as %j', (said, stored) => {
    expect(languageTag(said)).toBe(stored);
  });

  it.each(['english!', 'e', 'i', 'x', 'x-', 'en-', 'en--gb', 'abcdefghi', 'en-abcdefghi', `en-${'a1b2c3d4-'.repeat(4)}x`, '日本語', ''])('%j is no language tag', (said) => {
    expect(languageTag(said)).toBeNull();
    expect(isLanguageTag(said.toLowerCase())).toBe(false);
  });

  it('a filter takes every tag that can be stored, and answers it as stored', () => {
    expect(checkLanguage('en-GB-x-private', 'filter.language')).toBe('en-gb-x-private');
    expect(checkLanguage('i-klingon', 'filter.language')).toBe('i-klingon');
    expect(() => checkLanguage('en-', 'filter.language')).toThrow('`filter.language` must be a BCP 47 language tag such as "en" or "pt-BR" (at most 35 characters); got "en-".');
  });

  it.each(LANGUAGE_RANGE_CASES)('the range %j takes %j: %j (RFC 4647 basic filtering)', (range, tag, inRange) => {
    expect(inLanguageRange(tag, range)).toBe(inRange);
  });
});
