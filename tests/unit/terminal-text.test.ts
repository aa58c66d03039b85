import { terminalJson, terminalText } from '../../src/cli/terminal-text';

describe('what the command line prints of feeds and pages', () => {
  it('shows control characters as escapes instead of letting the terminal obey them', () => {
    // Clear the screen, colour, a forged hyperlink (OSC 8, ended by BEL), and C1's CSI.
    expect(terminalText('a\u001b[2J b\u001b[41mred\u001b]8;;https://evil.example/\u0007link c\u009b2J d\u007f')).toBe(
      'a\\u001b[2J b\\u001b[41mred\\u001b]8;;https://evil.example/\\u0007link c\\u009b2J d\\u007f',
    );
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
