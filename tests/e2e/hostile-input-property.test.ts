import fc from 'fast-check';
import type { GraphQLField } from 'graphql';
import { toGlobalId } from '../../src/domain/global-id';
import { newslineSchema } from '../../src/graphql/schema';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticleSeries, insertCategory, insertNewsItem, insertSource } from '../helpers/fixtures';
import { argumentPositions, hostileArguments, hostileCasesAt, hostileString, OperationType, RealValues, withLiterals, withVariables, wrongShape } from '../helpers/hostile-values';

/** Fixed, so a failure replays; fast-check prints the seed of the failing property with its arguments. */
const SEED = 20260601;
/** Random runs per argument position, after one example of each hostile kind. */
const RANDOM_RUNS = 3;

let app: TestApp;
const real: Omit<RealValues, 'fingerprints'> = { ids: [], strings: [] };
const fingerprints = new Map<string, string>();
let newestTitles: string[];

beforeAll(async () => {
  // Hundreds of requests from one address in seconds: the rate limit (tested on its own) would answer 429.
  app = await startTestApp({ RATE_LIMIT_POINTS: '0' });
  const source = await insertSource(app.dataSource);
  const category = await insertCategory(app.dataSource, { slug: 'world', name: 'World' });
  const articles = await insertArticleSeries(app.dataSource, 5, { sources: [source], categories: [category], newest: new Date('2026-11-01T00:00:00Z') });
  const item = await insertNewsItem(app.dataSource, { sourceId: source.id, publishedAt: new Date('2026-11-01T00:00:00Z'), articleId: articles[0].id });
  newestTitles = articles.slice(0, 2).map((a) => a.title);
  real.ids.push(toGlobalId('Source', source.id), toGlobalId('Category', category.id), toGlobalId('Article', articles[0].id), toGlobalId('NewsItem', item.id));
  // 'series': a word every article above holds, so that searches find them and forged cursors meet real rows.
  real.strings.push('world', 'en', 'series', articles[0].url, articles[0].url.replace('https://news.example', 'HTTPS://NEWS.EXAMPLE') + '?utm_source=x#top');
  // Each list's cursor fingerprint (without filters), so forged cursors get past the filter check to the keyset query.
  for (const { operation, field } of await rootFields()) {
    if (operation !== 'query' || !field.args.some((arg) => arg.name === 'after')) continue;
    const required = field.args.some((arg) => arg.name === 'query') ? '(query: "series")' : '';
    const { body } = await app.graphql(`{ ${field.name}${required} { pageInfo { endCursor } } }`);
    const cursor = body.data?.[field.name]?.pageInfo?.endCursor;
    if (cursor) fingerprints.set(field.name, Buffer.from(cursor, 'base64url').toString().split(':').at(-1) as string);
  }
});
afterAll(() => app?.close());

type Field = GraphQLField<unknown, unknown>;

/** The schema's root fields: every query, and every mutation (sent without the admin token, so none fetches or writes). */
async function rootFields(): Promise<{ operation: OperationType; field: Field }[]> {
  const schema = await newslineSchema();
  return [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ operation: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ operation: 'mutation' as const, field })),
  ];
}

const NUL_OR_LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What every answer to hostile input must be: 200 or 400, data or errors, and only errors the client caused. */
function expectClientAnswer(answer: { status: number; body: any }, request: string): void {
  const errors: any[] = answer.body.errors ?? [];
  const fine =
    [200, 400].includes(answer.status) &&
    (answer.body.data !== undefined || errors.length > 0) &&
    errors.every(
      (error) =>
        typeof error.extensions?.code === 'string' &&
        error.extensions.code !== 'INTERNAL_SERVER_ERROR' &&
        error.extensions.stacktrace === undefined &&
        // Quoted input comes back escaped: no raw NUL or lone surrogate in a message.
        !NUL_OR_LONE_SURROGATE.test(error.message),
    );
  if (!fine) throw new Error(`${request}\nanswered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 2000)}`);
}

/** Sends the arguments both ways a client can: as variables, and written into the document as literals. */
async function expectClientAnswers(operation: OperationType, field: Field, args: Record<string, unknown>): Promise<void> {
  const { query, variables } = withVariables(operation, field, args);
  const literals = withLiterals(operation, field, args);
  const [asVariables, asLiterals] = await Promise.all([app.graphql(query, variables), app.graphql(literals)]);
  expectClientAnswer(asVariables, `${query}\nwith variables ${JSON.stringify(variables).slice(0, 500)}`);
  expectClientAnswer(asLiterals, literals.slice(0, 2000));
}

describe('hostile arguments, generated from the schema, never reach the database as an error', () => {
  it('at every argument position of every root field, as variables and as literals', async () => {
    const fields = await rootFields();
    expect(fields.map(({ field }) => field.name)).toEqual(expect.arrayContaining(['article', 'articles', 'newsItems', 'node', 'searchArticles', 'sources', 'updateSource']));
    let runs = 0;
    for (const { operation, field } of fields) {
      const known = { ...real, fingerprints: fingerprints.has(field.name) ? [fingerprints.get(field.name) as string] : [] };
      const property = (args: fc.Arbitrary<Record<string, unknown>>) => fc.asyncProperty(args, (values) => expectClientAnswers(operation, field, values));
      if (field.args.length === 0) {
        await expectClientAnswers(operation, field, {});
        continue;
      }
      // One hostile value at a time, so each gets past the others to the resolvers and the database ...
      for (const position of argumentPositions(field)) {
        const { examples, random } = hostileCasesAt(field, position, known);
        await fc.assert(property(random), {
          seed: SEED + runs++,
          examples: examples.map((args) => [args]),
          numRuns: examples.length + RANDOM_RUNS,
          endOnFailure: true,
        });
      }
      // ... and all at once, for what they do together.
      await fc.assert(property(hostileArguments(field, known)), { seed: SEED + runs++, numRuns: RANDOM_RUNS, endOnFailure: true });
    }
    // About 660 requests (37 positions): seconds on an idle machine, longer when other work shares its cores.
  }, 180_000);

  it('in the request around them: operation names, variables and queries of any shape', async () => {
    const document = 'query A($id: ID!) { node(id: $id) { id } } query B { categories { slug } }';
    const hostile = hostileString({ ...real, fingerprints: [] });
    const envelope = fc.record(
      {
        query: fc.oneof({ arbitrary: fc.constant(document), weight: 3 }, { arbitrary: hostile, weight: 1 }, { arbitrary: wrongShape, weight: 1 }),
        operationName: fc.oneof(fc.constantFrom('A', 'B'), hostile, wrongShape),
        variables: fc.oneof(fc.record({ id: hostile }), wrongShape),
        extensions: wrongShape,
      },
      { requiredKeys: ['query'] },
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (body) => {
        const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const text = await response.text();
        expectClientAnswer({ status: response.status, body: JSON.parse(text) }, JSON.stringify(body).slice(0, 500));
      }),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
  });

  it('leaves the server answering a normal query afterwards', async () => {
    const { status, body } = await app.graphql('{ articles(first: 2) { edges { node { title } } } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { articles: { edges: newestTitles.map((title) => ({ node: { title } })) } } });
  });
});
