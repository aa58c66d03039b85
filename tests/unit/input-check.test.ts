import { characterCount, inputStringProblem, MAX_INPUT_LENGTH, shown } from '../../src/domain/input-check';

describe('inputStringProblem', () => {
  it.each([
    ['plain text', 'world'],
    ['the empty string', ''],
    ['a surrogate pair (an emoji)', 'breaking \u{1F4F0}'],
    ['the last code point', '\u{10FFFF}'],
    ['noncharacters and a byte-order mark, which UTF-8 and PostgreSQL store', '\uFFFE\uFFFF\uFEFF'],
    ['exactly the longest string allowed', 'x'.repeat(MAX_INPUT_LENGTH)],
    ['as many emoji as the longest string has characters (twice as many UTF-16 code units)', '\u{1F4F0}'.repeat(MAX_INPUT_LENGTH)],
  ])('accepts %s', (_name, value) => {
    expect(inputStringProblem(value)).toBeNull();
  });

  it.each([
    ['a NUL', 'a\u0000b', 'text without NUL characters (U+0000); got "a\\u0000b"'],
    ['a lone high surrogate', 'x\uD800', 'well-formed Unicode; got a lone surrogate (invalid UTF-16) in "x\\ud800"'],
    ['a lone low surrogate', '\uDC00x', 'well-formed Unicode; got a lone surrogate (invalid UTF-16) in "\\udc00x"'],
    ['a pair in the wrong order', '\uDC00\uD800', 'well-formed Unicode; got a lone surrogate (invalid UTF-16) in "\\udc00\\ud800"'],
    ['one character too many', 'x'.repeat(MAX_INPUT_LENGTH + 1), `at most ${MAX_INPUT_LENGTH} characters; got ${MAX_INPUT_LENGTH + 1}`],
    ['one emoji too many, counted as characters', '\u{1F4F0}'.repeat(MAX_INPUT_LENGTH + 1), `at most ${MAX_INPUT_LENGTH} characters; got ${MAX_INPUT_LENGTH + 1}`],
  ])('refuses %s, saying what was expected and what arrived', (_name, value, problem) => {
    expect(inputStringProblem(value)).toBe(problem);
  });
});

describe('shown', () => {
  it('quotes short text JSON-escaped', () => {
    expect(shown('a"b\u0000\n')).toBe('"a\\"b\\u0000\\n"');
  });

  it('escapes what a reader cannot see or what reorders the text: bidirectional controls, zero-width and format characters', () => {
    expect(shown('\u202Etxt.exe')).toBe('"\\u202etxt.exe"');
    expect(shown('a\u200Fb\u200Bc\u00ADd\u2028e\uFEFF')).toBe('"a\\u200fb\\u200bc\\u00add\\u2028e\\ufeff"');
    expect(shown('tag\u{E0041}')).toBe('"tag\\udb40\\udc41"');
    expect(shown('\uFE0F\uFE00\u034F\u3164')).toBe('"\\ufe0f\\ufe00\\u034f\\u3164"');
    expect(shown('café \u{1F4F0}')).toBe('"café \u{1F4F0}"');
  });

  it('counts and cuts in characters as limits do: an emoji is one, and a pair is never split', () => {
    expect(shown('\u{1F4F0}'.repeat(50))).toBe(`"${'\u{1F4F0}'.repeat(50)}"`);
    expect(shown('\u{1F4F0}'.repeat(400))).toBe(`"${'\u{1F4F0}'.repeat(64)}"… (400 characters)`);
    expect(shown(`${'y'.repeat(63)}\u{1F4F0}zz`)).toBe(`"${'y'.repeat(63)}\u{1F4F0}"… (66 characters)`);
  });

  it('cuts long text to 64 characters and says how long it was', () => {
    expect(shown('y'.repeat(1000))).toBe(`"${'y'.repeat(64)}"… (1000 characters)`);
  });

  it('writes other values as JSON, cut the same way', () => {
    expect(shown(12)).toBe('12');
    expect(shown(Array.from({ length: 100 }, () => 1))).toBe(`[${'1,'.repeat(31)}1… (201 characters)`);
  });
});

describe('characterCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['caf\u00e9', 4],
    ['\u{1F4F0}\u{1F4F0}', 2],
    ['a\uD800b', 3],
    ['\uDC00\uD800', 2],
    ['\uD83D\uDCF0\uDCF0', 2],
  ])('counts %j as %i characters (a lone surrogate is one)', (text, count) => {
    expect(characterCount(text)).toBe(count);
  });
});
