import { summarize } from '../../../src/ingest/sanitize';

describe('summarize', () => {
  const long = 'The council met on Tuesday. It voted to repair the bridge. Work starts in May and ends in June.';

  it.each([
    ['short text is returned whole, whitespace collapsed', 'One  sentence.\n\nTwo.', 300, 'One sentence. Two.'],
    ['sentences are taken while they fit', long, 60, 'The council met on Tuesday. It voted to repair the bridge.'],
    ['a limit inside the first sentence cuts at a word and adds an ellipsis', long, 20, 'The council met on…'],
    ['a limit right after a word keeps that word', long, 16, 'The council met…'],
    ['titles with periods do not end a sentence', 'Mr. Smith went to Washington on Monday. He met Dr. Jones there. They spoke.', 50, 'Mr. Smith went to Washington on Monday.'],
    ['empty text gives empty summary', '   ', 300, ''],
  ])('%s', (_case, text, max, expected) => {
    expect(summarize(text, max)).toBe(expected);
  });

  it('never exceeds the limit', () => {
    for (let max = 5; max < long.length; max += 3) expect(summarize(long, max).length).toBeLessThanOrEqual(max);
  });

  it('defaults to 300 characters', () => {
    const text = 'Word '.repeat(200);
    expect(summarize(text).length).toBeLessThanOrEqual(300);
  });
});
