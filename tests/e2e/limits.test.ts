import { loadDemoData } from '../../src/demo/demo-data';
import { startTestApp, TestApp } from '../helpers/app';
import { sqlStatements } from '../helpers/metrics';
import { readmeQueries } from '../helpers/readme';

/** The default limit on one query's cost (MAX_QUERY_COST). */
const LIMIT = 10_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

let app: TestApp;
beforeAll(async () => {
  // Aliases up to 100, so that the 100-alias query reaches the cost limit; rate limits are tested elsewhere.
  app = await startTestApp({ MAX_ALIASES: '100', RATE_LIMIT_POINTS: '0', MAX_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES) });
  await loadDemoData(app.dataSource, { articles: 120, newsItems: 360 });
}, 120_000);
afterAll(() => app?.close());

/** POSTs a query and returns the status, the Query-Cost header and the parsed body. */
async function send(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  const cost = response.headers.get('query-cost');
  return { status: response.status, cost: cost === null ? null : Number(cost), body: JSON.parse(text), bytes: Buffer.byteLength(text), headers: response.headers };
}

const aliases = (count: number, selection: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i + 1}: ${selection}`).join(' ')} }`;

describe('query cost: legitimate clients stay well inside the limit', () => {
  it("answers every query of the README at under a tenth of the limit", async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const query of queries) {
      const { status, cost, body } = await send(query);
      expect({ query, status, errors: body.errors }).toEqual({ query, status: 200, errors: undefined });
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBeLessThan(LIMIT / 10);
    }
  });

  it('answers a feed page of 100 articles with source, category and news items at under a quarter of the limit', async () => {
    const feed = `{ articles(first: 100) { edges { cursor node { id title summary url publishedAt source { name } category { name slug } newsItems { title url source { name } } } } pageInfo { hasNextPage endCursor } } }`;
    const { status, cost, body } = await send(feed);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.articles.edges).toHaveLength(100);
    expect(cost).toBe(2301);
  });

  it("prices a search as the README's worked example says: 1 + 50 + 5 × (article + source + highlights) = 116", async () => {
    const search = '{ searchArticles(query: "Valdoria election", first: 5) { edges { score highlights { title snippet } node { title source { name } } } } }';
    const { status, cost, body } = await send(search);
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(body.data.searchArticles.edges.length).toBeGreaterThan(0);
    expect(cost).toBe(116);
  });
});

describe('query cost: expensive operations are refused before they run', () => {
  it("refuses the issue's 100 aliases of 100 article bodies with the cost and the limit, running no SQL", async () => {
    const before = await sqlStatements(app.url);
    const { status, cost, body } = await send(aliases(100, 'articles(first: 100) { edges { node { body } } }'));
    expect(status).toBe(400);
    expect(cost).toBe(60_100);
    expect(body).toEqual({
      errors: [
        {
          message: `This query costs 60100 points; one query may cost at most ${LIMIT}. Ask for smaller pages (\`first\`), fewer nested lists or fewer aliases; the README's "Query cost" says how points are counted.`,
          extensions: { code: 'COST_LIMIT_EXCEEDED' },
        },
      ],
    });
    expect(await sqlStatements(app.url)).toBe(before);
  });

  it("prices each request with its own variables, though the document's validation is cached", async () => {
    const query = `query Pages($n: Int) { ${Array.from({ length: 10 }, (_, i) => `p${i}: articles(first: $n) { nodes { id newsItems { id } } }`).join(' ')} }`;
    const answers = [];
    for (const n of [10, 100, 10]) answers.push(await send(query, { n }));
    expect(answers.map((a) => [a.status, a.cost, a.body.errors?.[0].extensions.code ?? null])).toEqual([
      [200, 1110, null],
      [400, 11010, 'COST_LIMIT_EXCEEDED'],
      [200, 1110, null],
    ]);
  });
});

describe('document limits', () => {
  it('refuses more aliases than MAX_ALIASES', async () => {
    const { status, body } = await send(aliases(101, 'categories { id }'));
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Aliases limit of 100 exceeded, found 101. See the README, "Limits".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('counts __typename aliases with the others: 101 of them are refused (each could be asked of every item of a page)', async () => {
    const { status, body } = await send(`{ articles(first: 100) { nodes { ${Array.from({ length: 101 }, (_, i) => `t${i}: __typename`).join(' ')} } } }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Aliases limit of 100 exceeded, found 101. See the README, "Limits".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('refuses more directives than MAX_DIRECTIVES', async () => {
    const { status, body } = await send(`{ ${Array.from({ length: 51 }, () => '__typename @include(if: true)').join(' ')} }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Directives limit of 50 exceeded, found 51. See the README, "Limits".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it("answers a document over a limit with that limit's error alone, not the other rules' errors about it", async () => {
    // 60 @skip on one field: without this, the limit's error and 59 "The directive "@skip" can only be used once".
    const { status, body } = await send(`{ __typename ${'@skip(if: false) '.repeat(60)}}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Directives limit of 50 exceeded, found 60. See the README, "Limits".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    // A document under the limits still gets every error the other rules find.
    const twice = await send('{ __typename @skip(if: false) @skip(if: false) zqxw }');
    expect(twice.body.errors.map((error: { message: string }) => error.message)).toEqual([
      'The directive "@skip" can only be used once at this location.',
      'Cannot query field "zqxw" on type "Query".',
    ]);
  });

  it('refuses a document of more tokens than MAX_TOKENS without parsing the rest', async () => {
    const { status, body } = await send(`{ ${'__typename '.repeat(1999)}}`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'The document holds more than 2000 tokens (MAX_TOKENS): send a shorter one. See the README, "Limits".', locations: [{ line: 1, column: 21992 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]);
  });

  it('replaces an answer larger than MAX_RESPONSE_BYTES by an error, never sending part of it', async () => {
    const { status, body, bytes } = await send('{ articles(first: 100) { nodes { body bodyText } } }');
    expect(status).toBe(200);
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(/^The answer would be \d+ bytes; answers are limited to 262144\. Ask for fewer items or fields/), extensions: { code: 'RESPONSE_TOO_LARGE' } }] });
    expect(Number(/would be (\d+) bytes/.exec(body.errors[0].message)?.[1])).toBeGreaterThan(MAX_RESPONSE_BYTES);
    expect(bytes).toBeLessThan(1024);
  });

  it('tells browsers they may read the cost and rate limit headers (CORS)', async () => {
    const { headers } = await send('{ categories { name } }');
    expect(headers.get('query-cost')).toBe('10');
    expect(headers.get('access-control-expose-headers')?.split(', ')).toEqual(expect.arrayContaining(['query-cost', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']));
  });
});
