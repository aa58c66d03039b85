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
