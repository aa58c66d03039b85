import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticleSeries, insertCategory, insertSource } from '../helpers/fixtures';

const TOKEN = 'hostile-input-admin-token';
let app: TestApp;
let sourceId: string;
let fingerprint: string;
let titles: string[];

beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKEN: TOKEN });
  const source = await insertSource(app.dataSource, { name: 'Harbour Herald' });
  const category = await insertCategory(app.dataSource, { slug: 'world' });
  sourceId = toGlobalId('Source', source.id);
  const articles = await insertArticleSeries(app.dataSource, 3, { sources: [source], categories: [category], newest: new Date('2026-11-01T00:00:00Z') });
  titles = articles.map((a) => a.title);
  const { body } = await app.graphql('{ articles(first: 1) { pageInfo { endCursor } } }');
  fingerprint = Buffer.from(body.data.articles.pageInfo.endCursor, 'base64url').toString().split(':')[3];
});
afterAll(() => app?.close());

/** A cursor of the unfiltered article list, forged with any time and id. */
const cursor = (ms: string, id: string) => Buffer.from(`v1:${ms}:${id}:${fingerprint}`).toString('base64url');

/** Sends a request and pins the one error it must answer with. */
async function expectRefused(query: string, variables: Record<string, unknown> | undefined, status: number, code: string, message: string) {
  const response = await app.graphql(query, variables);
  expect(response.status).toBe(status);
  expect(response.body.errors.map((e: { message: string; extensions: unknown }) => [e.message, e.extensions])).toEqual([[message, { code }]]);
}

const NUL = 'text without NUL characters (U+0000); got "a\\u0000b"';
const DATES = 'DateTime must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z';
const CURSOR = "`after` must be a cursor taken from this list's `edges.cursor` or `pageInfo`";

describe('strings PostgreSQL cannot take are refused at the edge, for every argument', () => {
  it.each([
    ['a NUL in a category slug, as a variable', 'query($c: [String!]) { articles(filter: { categories: $c }) { totalCount } }', { c: ['world', 'a\u0000b'] }, `Variable \`$c[1]\` must be ${NUL}.`],
    ['a NUL in a category slug, as a literal', '{ articles(filter: { categories: ["a\\u0000b"] }) { totalCount } }', undefined, `Argument \`filter.categories[0]\` of \`articles\` must be ${NUL}.`],
    ['a NUL in article(url:), as a variable', 'query($u: String) { article(url: $u) { id } }', { u: 'a\u0000b' }, `Variable \`$u\` must be ${NUL}.`],
    ['a NUL in article(url:), as a literal', '{ article(url: "a\\u0000b") { id } }', undefined, `Argument \`url\` of \`article\` must be ${NUL}.`],
    ['a NUL inside a nested input object', 'query($f: ArticleFilter) { articles(filter: $f) { totalCount } }', { f: { language: 'a\u0000b' } }, `Variable \`$f.language\` must be ${NUL}.`],
    ['a NUL in a variable default', 'query($l: String = "a\\u0000b") { articles(filter: { language: $l }) { totalCount } }', undefined, `The default value \`$l\` must be ${NUL}.`],
    ['a lone surrogate', 'query($u: String) { article(url: $u) { id } }', { u: 'https://a.example/\uD800' }, 'Variable `$u` must be well-formed Unicode; got a lone surrogate (invalid UTF-16) in "https://a.example/\\ud800".'],
    ['an over-long string', 'query($id: ID!) { node(id: $id) { id } }', { id: 'x'.repeat(5000) }, 'Variable `$id` must be at most 2048 characters; got 5000.'],
  ])('%s', async (_name, query, variables, message) => {
    await expectRefused(query, variables, 400, 'BAD_USER_INPUT', message);
  });

  it('in the mutations too: nothing is written', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const update = await app.graphql('mutation($id: ID!, $name: String) { updateSource(id: $id, input: { name: $name }) { name } }', { id: sourceId, name: 'a\u0000b' }, headers);
    expect(update.status).toBe(400);
    expect(update.body.errors).toEqual([{ message: `Variable \`$name\` must be ${NUL}.`, extensions: { code: 'BAD_USER_INPUT' } }]);
    const add = await app.graphql('mutation { addSource(input: { url: "https://a.example/\\u0000" }) { id } }', undefined, headers);
    expect(add.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(add.body.errors[0].message).toBe('Argument `input.url` of `addSource` must be text without NUL characters (U+0000); got "https://a.example/\\u0000".');
    const long = await app.graphql('mutation($url: String!) { addSource(input: { url: $url }) { id } }', { url: 'x'.repeat(100) }, headers);
    expect(long.body.errors).toEqual([
      expect.objectContaining({ message: `\`url\` must be an absolute http(s) URL of a feed or page; got "${'x'.repeat(64)}"… (100 characters).`, extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    const { body } = await app.graphql(`{ node(id: "${sourceId}") { ... on Source { name } } }`);
    expect(body.data.node.name).toBe('Harbour Herald');
  });

  it('names each of many bad variables as the client\'s error, past graphql-js\'s limit of 50', async () => {
    const response = await app.graphql('query($f: ArticleFilter) { articles(filter: $f) { totalCount } }', { f: { sourceIds: Array(60).fill(null) } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveLength(51);
    expect(response.body.errors[50]).toEqual({ message: 'Too many errors processing variables, error limit reached. Execution aborted.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(new Set(response.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });
});

describe('an operation name the document does not hold', () => {
  const post = async (body: object) => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  it.each([
    ['an unknown name', { query: 'query A { __typename }', operationName: 'B' }, 'Unknown operation named "B".'],
    ['a name with a NUL, quoted escaped', { query: 'query A { __typename }', operationName: 'A\u0000' }, 'Unknown operation named "A\\u0000".'],
    ['no name for a document of two operations', { query: 'query A { __typename } query B { __typename }' }, 'Must provide operation name if query contains multiple operations.'],
  ])('answers %s with 400 OPERATION_RESOLUTION_FAILURE', async (_name, body, message) => {
    expect(await post(body)).toEqual({ status: 400, body: { errors: [{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] } });
  });
});

describe('dates both databases and JavaScript share, checked in UTC', () => {
  const range = (from: string, to: string) => `{ articles(filter: { publishedAt: { from: "${from}", to: "${to}" } }) { edges { node { title } } } }`;

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 1 at +14:00, which is year 0 in UTC', '0001-01-01T00:00:00+14:00'],
    ['year 9999 at -14:00, which is year 10000 in UTC', '9999-12-31T23:59:59-14:00'],
  ])('refuses %s as a variable (BAD_USER_INPUT) and as a literal (GRAPHQL_VALIDATION_FAILED)', async (_name, date) => {
    const variable = 'query($d: DateTime) { articles(filter: { publishedAt: { from: $d } }) { totalCount } }';
    await expectRefused(variable, { d: date }, 400, 'BAD_USER_INPUT', `Variable "$d" got invalid value "${date}"; ${DATES}.`);
    await expectRefused(range(date, '2030-01-01T00:00:00Z'), undefined, 400, 'GRAPHQL_VALIDATION_FAILED', `${DATES}; got "${date}".`);
  });

  it('answers a range from the first to the last storable instant with every article', async () => {
    const { status, body } = await app.graphql(range('0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { articles: { edges: titles.map((title) => ({ node: { title } })) } } });
  });
});

describe('forged cursors', () => {
  const page = (after: string) => app.graphql(`{ articles(after: "${after}") { edges { node { title } } } }`);

  it.each([
    ['a time before year 1', '-62135596800001', '1'],
    ['a time after year 9999', '253402300800000', '1'],
    ['an epoch beyond what a Date can hold', '999999999999999', '1'],
    ['an id above int4', '0', '2147483648'],
  ])('with %s are refused', async (_name, ms, id) => {
    const forged = cursor(ms, id);
    expect(forged).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(forged, 'base64url').toString()).toBe(`v1:${ms}:${id}:${fingerprint}`);
    const { status, body } = await page(forged);
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ message: `${CURSOR}; got "${forged}".`, extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('at the very edges answer like any cursor: everything older, or nothing', async () => {
    expect((await page(cursor('253402300799999', '2147483647'))).body).toEqual({ data: { articles: { edges: titles.map((title) => ({ node: { title } })) } } });
    expect((await page(cursor('-62135596800000', '1'))).body).toEqual({ data: { articles: { edges: [] } } });
  });
});
