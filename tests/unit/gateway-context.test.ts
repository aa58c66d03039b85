import { dirname, join } from 'node:path';
import { buildSchema } from 'graphql';
import { gatewayContextInstalled } from '../../src/graphql/gateway-context';
import { jitExecutor } from '../../src/graphql/jit-executor';

// The module Apollo's request pipeline calls makeGatewayGraphQLRequestContext from, at each request.
const apolloModule = require(join(dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js'));

describe("the gateway request context (Apollo's, built from classes)", () => {
  it('is in place once the graphql-jit gateway is made', () => {
    jitExecutor(buildSchema('type Query { ok: Boolean }'));
    expect(gatewayContextInstalled()).toBe(true);
  });

  it("carries what Apollo's does, its response status on a prototype, written through to the request's head", () => {
    const headers = new Map([['accept', 'application/json']]);
    const head = { headers: new Map<string, string>(), status: undefined as number | undefined };
    const requestContext = {
      request: { query: '{ ok }', operationName: 'Q', variables: { a: 1 }, http: { method: 'GET', search: 'query=x', headers } },
      response: { http: head },
      schema: 'schema',
      contextValue: 'context',
      queryHash: 'hash',
      document: 'document',
      source: '{ ok }',
      operationName: 'Q',
      operation: 'operation',
      errors: undefined,
      metrics: {},
      overallCachePolicy: 'policy',
      requestIsBatched: false,
    };
    const made = apolloModule.makeGatewayGraphQLRequestContext(requestContext, { logger: 'logger', cache: 'cache' }, { includeStacktraceInErrorResponses: false });
    expect(made.request).toMatchObject({ query: '{ ok }', operationName: 'Q', variables: { a: 1 }, http: { method: 'GET', url: 'https://unknown-url.invalid/?query=x' } });
    expect(made.request.http.headers.get('accept')).toBe('application/json');
    expect(made).toMatchObject({ context: 'context', document: 'document', operation: 'operation', operationName: 'Q', logger: 'logger', cache: 'cache', debug: false });
    // No own accessor on the object made per request (each such literal made a hidden class of its own, on Node 20 and 24).
    expect(Object.getOwnPropertyDescriptor(made.response.http, 'status')).toBeUndefined();
    made.response.http.status = 418;
    expect(head.status).toBe(418);
    made.response.http.headers.set('x-made', '1');
    expect(head.headers.get('x-made')).toBe('1');
  });
});
