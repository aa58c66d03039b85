import { isWellFormed } from '../../src/domain/input-check';
import { cutText } from '../../src/domain/cut-text';
import { slugify } from '../../src/domain/slugify';
import { summarize } from '../../src/ingest/sanitize';

const EMOJI = '\u{1F600}';

describe('cutText', () => {
  it('cuts at the length asked, or one before it where that would split a surrogate pair', () => {
    expect(cutText('abcdef', 4)).toBe('abcd');
    expect(cutText('abc', 4)).toBe('abc');
    // The 4th code unit is the first half of the second emoji.
    expect(cutText(`a${EMOJI}${EMOJI}`, 4)).toBe(`a${EMOJI}`);
    expect(cutText(`a${EMOJI}${EMOJI}`, 5)).toBe(`a${EMOJI}${EMOJI}`);
    expect(cutText(`${EMOJI}x`, 1)).toBe('');
  });

  it('leaves every cut of a text of emoji well-formed', () => {
    const text = EMOJI.repeat(50);
    for (let max = 0; max <= text.length; max++) expect(isWellFormed(cutText(text, max))).toBe(true);
  });
});

describe('the cuts of stored text split no character', () => {
  it('summarize: a text of one long word of emoji', () => {
    const summary = summarize(EMOJI.repeat(400));
    expect(isWellFormed(summary)).toBe(true);
    expect(summary).toBe(`${EMOJI.repeat(149)}…`);
  });

  it('slugify: a name of astral letters', () => {
    // U+20000, a CJK letter outside the Basic Multilingual Plane, 2 code units each.
    const slug = slugify('\u{20000}'.repeat(100));
    expect(isWellFormed(slug)).toBe(true);
    expect(slug).toBe('\u{20000}'.repeat(40));
  });
});
