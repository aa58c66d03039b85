import { countWords } from '../../src/domain/reading';

/** The definition countWords implements: runs of letters or digits joined by a single apostrophe or hyphen. */
const WORDS = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one', 1],
    ['  two words ', 2],
    ["don't stop", 2],
    ['a well-known fact', 3],
    ['a--b', 2],
    ["rock 'n' roll", 3],
    ['end-', 1],
    ['-start', 1],
    ['it’s fine', 2],
    ['3.5 million', 3],
    ['Größe, ça va?', 3],
    ['Москва и Санкт-Петербург', 3],
    ['東京', 1],
    ['𝐀𝐁 and 𝟏', 3],
  ])('%j has %i words', (text, expected) => {
    expect(countWords(text)).toBe(expected);
    expect(text.match(WORDS)?.length ?? 0).toBe(expected);
  });

  it('agrees with the definition on mixed text of every kind of character', () => {
    const alphabet = ['a', 'Z', '7', 'é', 'ж', '東', '𝐀', "'", '’', '-', ' ', '\n', '.', ',', '—', '\u00a0', '\ud800'];
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let sample = 0; sample < 2000; sample++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect([text, countWords(text)]).toEqual([text, text.match(WORDS)?.length ?? 0]);
    }
  });
});
