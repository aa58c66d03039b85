import { terminalJson, terminalText } from '../../src/cli/terminal-text';

describe('what the command line prints of feeds and pages', () => {
  it('shows control characters as escapes instead of letting the terminal obey them', () => {
    // Clear the screen, colour, a forged hyperlink (OSC 8, ended by BEL), and C1's CSI.
    expect(terminalText('a\u001b[2J b\u001b[41mred\u001b]8;;https://evil.example/\u0007link c\u009b2J d\u007f')).toBe(
      'a\\u001b[2J b\\u001b[41mred\\u001b]8;;https://evil.example/\\u0007link c\\u009b2J d\\u007f',
    );
  });

  it('shows bidirectional overrides, embeddings and isolates as escapes (they reorder the rest of the line), and keeps the marks', () => {
    expect(terminalText('Q3 report \u202Egpj.exe\tRSS \u2067x\u2069 \u202Ay\u202C')).toBe('Q3 report \\u202egpj.exe\tRSS \\u2067x\\u2069 \\u202ay\\u202c');
    expect(terminalText('\u05D7\u05D3\u05E9\u05D5\u05EA\u200F 2026\u200E')).toBe('\u05D7\u05D3\u05E9\u05D5\u05EA\u200F 2026\u200E');
    const value = { title: 'a\u202Eb' };
    expect(terminalJson(value)).toBe('{"title":"a\\u202eb"}');
    expect(JSON.parse(terminalJson(value))).toEqual(value);
  });

  it('keeps line feeds and tabs, which lay out its lines, and all other text', () => {
    expect(terminalText('U291cmNlOjE\tRSS\tCafé « Lumière » 東京 🚀\n')).toBe('U291cmNlOjE\tRSS\tCafé « Lumière » 東京 🚀\n');
  });

  it('writes JSON whose DEL and C1 characters are escaped too, still the same value', () => {
    const value = { title: 'c\u009b2J d\u007f e\u001b[0m' };
    const json = terminalJson(value);
    expect(json).toBe('{"title":"c\\u009b2J d\\u007f e\\u001b[0m"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
