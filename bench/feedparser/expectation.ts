/**
 * Reads the `Expect:` line of a feedparser test file (a small Python expression such as
 * `not bozo and entries[0]['title'] == entries[1]['title'] == 'Example'`) into the comparisons it makes.
 * Only the forms feedparser's tests use are read: `and`, chained `==`, `len(entries)`, `feed[...]` and
 * `entries[N][...]` paths, and string, number, tuple and list literals. `bozo` clauses say whether
 * feedparser found the XML ill-formed, which Newsline does not report, so they are dropped.
 */

/** A value a comparison reads: a path into feedparser's result, `len(entries)`, or a literal. */
export type Operand =
  | { kind: 'path'; root: 'feed' | 'entries'; keys: Array<string | number> }
  | { kind: 'entry-count' }
  | { kind: 'literal'; value: Literal };

export type Literal = string | number | Literal[];

/** `a == b == …`: every operand equal. */
export interface Comparison {
  operands: Operand[];
}

type Token = { kind: 'string' | 'name' | 'number' | 'punct'; text: string };

/** The comparisons of an Expect line; throws when it uses a form this reader does not know. */
export function parseExpectation(source: string): Comparison[] {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const take = (text?: string): Token => {
    const token = tokens[at];
    if (!token || (text !== undefined && token.text !== text)) {
      throw new Error(`Expected ${text ?? 'more'} at token ${at} of ${JSON.stringify(source)}; got ${token ? JSON.stringify(token.text) : 'the end'}.`);
    }
    at += 1;
    return token;
  };

  const literalList = (close: string): Literal[] => {
    const values: Literal[] = [];
    while (peek()?.text !== close) {
      values.push(literal());
      if (peek()?.text === ',') take(',');
    }
    take(close);
    return values;
  };
  const literal = (): Literal => {
    const token = take();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.text === '(') return literalList(')');
    if (token.text === '[') return literalList(']');
    throw new Error(`Expected a literal in ${JSON.stringify(source)}; got ${JSON.stringify(token.text)}.`);
  };
  const operand = (): Operand => {
    const token = peek();
    if (token?.kind === 'name' && token.text === 'len') {
      take('len');
      take('(');
      take('entries');
      take(')');
      return { kind: 'entry-count' };
    }
    if (token?.kind === 'name' && (token.text === 'feed' || token.text === 'entries')) {
      take();
      const keys: Array<string | number> = [];
      for (;;) {
        if (peek()?.text === '[') {
          take('[');
          const key = take();
          keys.push(key.kind === 'number' ? Number(key.text) : key.text);
          take(']');
        } else if (peek()?.text === '.') {
          take('.');
          keys.push(take().text);
        } else {
          break;
        }
      }
      return { kind: 'path', root: token.text, keys };
    }
    return { kind: 'literal', value: literal() };
  };

  const comparisons: Comparison[] = [];
  while (at < tokens.length) {
    if (peek()?.text === 'not') take('not');
    if (peek()?.text === 'bozo') {
      take('bozo');
    } else {
      const operands = [operand()];
      while (peek()?.text === '==') {
        take('==');
        operands.push(operand());
      }
      if (operands.length < 2) throw new Error(`Expected a comparison in ${JSON.stringify(source)}.`);
      comparisons.push({ operands });
    }
    if (at < tokens.length) take('and');
  }
  return comparisons;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === "'" || char === '"' || (char === 'r' && /['"]/.test(source[i + 1] ?? ''))) {
      const raw = char === 'r';
      const quote = raw ? source[i + 1] : char;
      i += raw ? 2 : 1;
      let text = '';
      while (i < source.length && source[i] !== quote) {
        if (source[i] === '\\' && !raw) {
          const next = source[i + 1];
          if (next === 'u' || next === 'x') {
            const length = next === 'u' ? 4 : 2;
            text += String.fromCharCode(parseInt(source.slice(i + 2, i + 2 + length), 16));
            i += 2 + length;
          } else {
            text += ESCAPES[next] ?? `\\${next}`;
            i += 2;
          }
        } else {
          text += source[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'string', text });
    } else if (/[A-Za-z_]/.test(char)) {
      const name = /^[A-Za-z_]\w*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'name', text: name });
      i += name.length;
    } else if (/\d/.test(char) || (char === '-' && /\d/.test(source[i + 1] ?? ''))) {
      const number = /^-?\d+/.exec(source.slice(i))![0];
      tokens.push({ kind: 'number', text: number });
      i += number.length;
    } else if (source.startsWith('==', i)) {
      tokens.push({ kind: 'punct', text: '==' });
      i += 2;
    } else if ('[]().,'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      i += 1;
    } else {
      throw new Error(`Expected an expression of feedparser's tests; got ${JSON.stringify(char)} in ${JSON.stringify(source)}.`);
    }
  }
  return tokens;
}
