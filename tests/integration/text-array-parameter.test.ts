import { binaryTextArray, textArrayParameter } from '../../src/db/text-array-parameter';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** Text that an array literal would have to quote or escape, and text that UTF-8 encodes in 1 to 4 bytes. */
const TRICKY: (string | null)[] = [
  '',
  'plain',
  'a "quoted" word, a back\\slash, {braces} and a comma',
  'NULL',
  null,
  '  spaces around  ',
  'line one\nline two\ttab',
  'é ü ß, “curly quotes”, 中文, 🙂 outside the BMP',
  'x'.repeat(100_000),
];

describe('text[] parameters of the ingest statements', () => {
  it('reach the database as the same text, element for element, NULL as NULL', async () => {
    const texts = textArrayParameter(app.dataSource);
    const rows: { value: string | null; n: string }[] = await app.dataSource.query(
      'SELECT value, n FROM unnest($1::text[]) WITH ORDINALITY AS t(value, n) ORDER BY n',
      [texts(TRICKY)],
    );
    expect(rows.map((row) => row.value)).toEqual(TRICKY);
  });

  it('are sent in binary on a PostgreSQL server, and as the array itself to PGlite', () => {
    const sent = textArrayParameter(app.dataSource)(['a']);
    if (app.database.kind === 'postgres') expect(Buffer.isBuffer(sent)).toBe(true);
    else expect(sent).toEqual(['a']);
  });

  it('carry a lone surrogate as U+FFFD, as the text encoding of the array literal does', async () => {
    const texts = textArrayParameter(app.dataSource);
    const rows: { value: string }[] = await app.dataSource.query('SELECT unnest($1::text[]) AS value', [texts(['lone \ud800 surrogate'])]);
    expect(rows).toEqual([{ value: 'lone \ufffd surrogate' }]);
  });

  it('empty, and only NULLs, are arrays as well', async () => {
    const texts = textArrayParameter(app.dataSource);
    const [row] = await app.dataSource.query('SELECT cardinality($1::text[]) AS empty, $2::text[]::text AS nulls', [texts([]), texts([null, null])]);
    expect(Number(row.empty)).toBe(0);
    expect(String(row.nulls)).toBe('{NULL,NULL}');
  });
});

describe('binaryTextArray', () => {
  it("writes the bytes of PostgreSQL's own binary form of the array (array_send)", async () => {
    for (const values of [TRICKY, [], ['only'], [null], ['a', null, 'b']]) {
      const [row] = await app.dataSource.query('SELECT array_send($1::text[]) AS bytes', [values]);
      expect(binaryTextArray(values).equals(Buffer.from(row.bytes))).toBe(true);
    }
  });
});
