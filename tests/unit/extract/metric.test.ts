import { comparePage, score, shingles, tokenize } from '../../../bench/extraction/metric';

describe('extraction benchmark metric', () => {
  it('tokenizes runs of Unicode word characters, keeping case and underscores', () => {
    expect(tokenize("Don't stop—Café_2 ½, naïve! हिन्दी")).toEqual(['Don', 't', 'stop', 'Café_2', '½', 'naïve', 'ह', 'न', 'द']);
  });

  it('makes overlapping 4-token shingles, counted as a multiset', () => {
    const counts = shingles('a b c d a b c d');
    expect(counts.size).toBe(4);
    expect(counts.get(['a', 'b', 'c', 'd'].join('\u0000'))).toBe(2);
  });

  it('makes one shingle of a text shorter than four tokens, none of an empty one', () => {
    expect([...shingles('one two').values()]).toEqual([1]);
    expect(shingles(' ,. ').size).toBe(0);
  });

  it.each([
    ['identical texts', 'a b c d e', 'a b c d e', { tp: 1, fp: 0, fn: 0 }],
    ['punctuation and whitespace are ignored', 'a, b. c d e', 'a b\n\nc d e!', { tp: 1, fp: 0, fn: 0 }],
    ['an extra shingle', 'a b c d', 'a b c d e', { tp: 0.5, fp: 0.5, fn: 0 }],
    ['a missed shingle', 'a b c d e', 'a b c d', { tp: 0.5, fp: 0, fn: 0.5 }],
    ['nothing shared', 'a b c d', 'w x y z', { tp: 0, fp: 0.5, fn: 0.5 }],
    ['an empty prediction', 'a b c d', '', { tp: 0, fp: 0, fn: 1 }],
    ['both empty', '', '', { tp: 0, fp: 0, fn: 0 }],
    ['case matters', 'A b c d', 'a b c d', { tp: 0, fp: 0.5, fn: 0.5 }],
  ])('compares a page: %s', (_case, truth, predicted, expected) => {
    expect(comparePage(truth, predicted)).toEqual(expected);
  });

  it('averages precision and recall over pages and takes F1 of the means', () => {
    const pages = [comparePage('a b c d e', 'a b c d e'), comparePage('a b c d', 'a b c d e f')];
    // Page 2: 1 shared, 2 extra, 0 missed: precision 1/3, recall 1.
    const { precision, recall, f1 } = score(pages);
    expect(precision).toBeCloseTo((1 + 1 / 3) / 2);
    expect(recall).toBeCloseTo(1);
    expect(f1).toBeCloseTo((2 * precision * recall) / (precision + recall));
  });

  it('leaves a page with nothing predicted out of the precision mean, as evaluate.py does', () => {
    const { precision, recall } = score([comparePage('a b c d', 'a b c d'), comparePage('a b c d', '')]);
    expect(precision).toBe(1);
    expect(recall).toBe(0.5);
  });
});
