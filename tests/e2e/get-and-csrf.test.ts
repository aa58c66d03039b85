import { toGlobalId } from '../../src/domain/global-id';
import { insertSource } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/app';

const TOKEN = 'test-admin-token-0123456789';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ADMIN_TOKEN: TOKEN });
});
afterAll(() => app?.close());

const get = (params: Record<string, string>, headers: Record<string, string> = {}) => {
  const url = new URL(app.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return fetch(url, { headers });
};

const removeSource = async () => `mutation { removeSource(id: "${toGlobalId('Source', (await insertSource(app.dataSource)).id)}") }`;

const sourceCount = async () => (await app.graphql('{ sources { totalCount } }')).body.data.sources.totalCount as number;

describe('GET', () => {
  it('answers a query without a preflight header, as a CDN or a plain client sends it', async () => {
    const response = await get({ query: '{ sources { totalCount } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { sources: { totalCount: expect.any(Number) } } });
  });

  it('takes variables and an operation name from the URL', async () => {
    const response = await get({ query: 'query A { __typename } query B($n: Int) { sources(first: $n) { totalCount } }', operationName: 'B', variables: '{"n":1}' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.sources).toBeDefined();
  });

  it('never runs a mutation (405, Allow: POST)', async () => {
    const before = await sourceCount();
    const response = await get({ query: await removeSource() }, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(await sourceCount()).toBe(before + 1);
  });
});

describe('HEAD', () => {
  it('answers as GET would, with its headers and no body (RFC 9110 §9.3.2)', async () => {
    const url = new URL(app.url);
    url.searchParams.set('query', '{ sources { totalCount } }');
    const got = await fetch(url);
    const body = Buffer.from(await got.arrayBuffer());
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(got.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(head.headers.get('etag')).toBe(got.headers.get('etag'));
    expect(head.headers.get('cache-control')).toBe(got.headers.get('cache-control'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('never runs a mutation, as GET does not', async () => {
    const before = await sourceCount();
    const url = new URL(app.url);
    url.searchParams.set('query', await removeSource());
    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('POST');
    expect(await sourceCount()).toBe(before + 1);
  });
});

describe('CSRF: a POST a browser could send cross-site without a preflight is refused', () => {
  it.each([['text/plain'], ['text/plain; charset=utf-8'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], [null]])(
    'a mutation with Content-Type %s and no preflight header runs nothing and says why',
    async (contentType) => {
      const before = await sourceCount();
      const body = JSON.stringify({ query: await removeSource() });
      const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
      if (contentType) headers['content-type'] = contentType;
      const response = await fetch(app.url, { method: 'POST', headers, body: contentType === null ? Buffer.from(body) : body });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as any;
      expect(answer.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(answer.errors[0].message).toMatch(/must have Content-Type: application\/json.*cross-site request forgery \(CSRF\)/);
      expect(await sourceCount()).toBe(before + 1);
    },
  );

  it('the same mutation as application/json runs', async () => {
    const response = await app.graphql(await removeSource(), undefined, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { removeSource: true } });
  });
});

describe('a client that accepts only application/json', () => {
  const post = (query: string, accept: string) =>
    fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

  it('gets 200 with the errors of a document that does not validate', async () => {
    const response = await post('{ nope }', 'application/json');
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gets 400 for a request that is not GraphQL (no query)', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"qeury":"{ __typename }"}' });
    expect(response.status).toBe(400);
  });

  it.each([['application/graphql-response+json'], ['*/*'], ['application/json, application/graphql-response+json;q=0.9']])(
    'while a client that accepts %s gets 400',
    async (accept) => {
      expect((await post('{ nope }', accept)).status).toBe(400);
    },
  );
});
