import { getIntrospectionQuery, graphqlSync } from 'graphql';
import { newslineSchema } from '../../src/graphql/schema';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ SANDBOX: 'true' });
});
afterAll(() => app?.close());

describe('introspection (what the sandbox and code generators read)', () => {
  it('answers over HTTP exactly what graphql-js answers for the schema', async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true });
    const { status, body } = await app.graphql(query);
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(graphqlSync({ schema: await newslineSchema(), source: query }))));
  });

  it('is priced as other queries: the standard query 1,580 points, and aliased lists multiply', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }) });
    expect([response.status, response.headers.get('query-cost')]).toEqual([200, '1580']);
    // 5 aliases of every type's fields, each with 5 aliases of every field's arguments: 1 + 4 × (1 + 5 × 4 × (1 + 5 × 4)).
    const aliased = `{ __schema { types { ${Array.from({ length: 5 }, (_, i) => `f${i}: fields { ${Array.from({ length: 5 }, (_, j) => `a${j}: args { name }`).join(' ')} }`).join(' ')} } } }`;
    const priced = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: aliased }) });
    expect([priced.status, priced.headers.get('query-cost')]).toEqual([200, '1685']);
  });

  it('nested past graphql-js\'s limit is refused saying what the limit is about', async () => {
    const { status, body } = await app.graphql('{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }');
    expect([status, body.errors]).toEqual([
      400,
      [{ message: expect.stringMatching(/^This introspection query nests `fields`, `inputFields`, `interfaces` or `possibleTypes` within each other more than 3 levels deep/), locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    ]);
  });

  it('is refused when the sandbox is off (production)', async () => {
    const production = await startTestApp({ SANDBOX: 'false' });
    try {
      const { body } = await production.graphql('{ __schema { types { name } } }');
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors[0].message).toMatch(/introspection/i);
    } finally {
      await production.close();
    }
  });
});
