import { collapseWhitespace } from '../../src/domain/whitespace';

describe('collapseWhitespace', () => {
  it('makes each run of whitespace one space, whatever the whitespace', () => {
    expect(collapseWhitespace('a  b')).toBe('a b');
    expect(collapseWhitespace('a\tb\nc\r\nd')).toBe('a b c d');
    expect(collapseWhitespace('a\u00a0b\u2028c\u3000d\ufeffe')).toBe('a b c d e');
    expect(collapseWhitespace('  lead and trail \n')).toBe(' lead and trail ');
    expect(collapseWhitespace('\n')).toBe(' ');
  });

  it('gives a text that is collapsed already back as it is', () => {
    const text = 'one space between words, and one at each end ';
    expect(collapseWhitespace(text)).toBe(text);
    expect(collapseWhitespace('')).toBe('');
    expect(collapseWhitespace(' ')).toBe(' ');
  });

  it('agrees with replacing /\\s+/g by a space on every mix of spaces, other whitespace and words', () => {
    const parts = [' ', '  ', '\t', '\n', '\u00a0', 'x', 'word', '’'];
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const text = a + b + c;
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' '));
    }
  });
});
