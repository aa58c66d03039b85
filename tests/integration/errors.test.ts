import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { insertArticleSeries, insertCategory, insertSource } from '../helpers/fixtures';

let app: TestApp;
let sourceId: string;
let categoryId: string;
let cursor: string;

beforeAll(async () => {
  app = await startTestApp();
  const source = await insertSource(app.dataSource);
  const category = await insertCategory(app.dataSource);
  sourceId = toGlobalId('Source', source.id);
  categoryId = toGlobalId('Category', category.id);
  await insertArticleSeries(app.dataSource, 5, { sources: [source], newest: new Date('2026-11-01T00:00:00Z') });
  const { body } = await app.graphql(`{ articles(first: 2, filter: { language: "en" }) { pageInfo { endCursor } } }`);
  cursor = body.data.articles.pageInfo.endCursor;
});
afterAll(() => app?.close());

/** Sends a request and checks it fails the way a client should see: the code, a helpful message, no 500, no stack. */
async function expectError(query: string, variables: Record<string, unknown> | undefined, code: string, message: RegExp, status = 200) {
  const response = await app.graphql(query, variables);
  expect(response.status).toBe(status);
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors;
  expect(error.extensions).toEqual({ code });
  expect(error.message).toMatch(message);
  return response.body;
}

const articles = (args: string) => `{ articles(${args}) { edges { node { id } } } }`;

describe('bad input answers BAD_USER_INPUT with what was expected', () => {
  it.each([
    ['page size 0', articles('first: 0'), /`first` must be an integer from 1 to 100; got 0/],
    ['page size 101', articles('first: 101'), /`first` must be an integer from 1 to 100; got 101/],
    ['last 0', articles('last: 0'), /`last` must be an integer from 1 to 100/],
    ['first and last', articles('first: 5, last: 5'), /either `first`.*or `last`.*not both/],
    ['a malformed cursor', articles('after: "not-a-cursor"'), /`after` must be a cursor taken from this list/],
    ['a malformed before cursor', articles('before: "bm9wZQ"'), /`before` must be a cursor/],
    ['from after to', articles('filter: { publishedAt: { from: "2024-03-02T00:00:00Z", to: "2024-03-01T00:00:00Z" } }'), /`publishedAt.from` must be earlier than `publishedAt.to`/],
    ['a malformed source ID', articles('filter: { sourceIds: ["nope"] }'), /^`filter\.sourceIds\[0\]`: Expected the ID of a Source \(a Source's `id`\); got "nope"\.$/],
    ["another type's ID as a source", `query($c: ID!) { articles(filter: { sourceIds: [$c] }) { edges { cursor } } }`, /^`filter\.sourceIds\[0\]`: Expected the ID of a Source; got the ID of a Category\.$/],
    ['an unknown source', articles(`filter: { sourceIds: ["${toGlobalId('Source', 999999)}"] }`), /`filter.sourceIds` names no existing source/],
    ['an empty category list', articles('filter: { categories: [] }'), /`filter.categories` must hold 1 to 100 values/],
    ['a malformed language', articles('filter: { language: "english!!" }'), /^`filter.language` must be a BCP 47 language tag such as "en" or "pt-BR" \(at most 35 characters\); got "english!!"\.$/],
    ['a malformed node ID', '{ node(id: "xyz") { id } }', /^`id`: Expected an ID issued by this API/],
    ['article with neither id nor url', '{ article { id } }', /exactly one of `id` or `url`/],
    ['article with both id and url', `{ article(id: "${toGlobalId('Article', 1)}", url: "https://a.example/") { id } }`, /exactly one of `id` or `url`/],
    ['article by a relative url', '{ article(url: "/world/1") { id } }', /absolute http\(s\) URL/],
    ['article by the ID of a source', `query($c: ID!) { article(id: $c) { id } }`, /Expected the ID of an? Article/],
  ])('%s', async (_name, query, message) => {
    await expectError(query, { c: query.includes('$c') ? (query.includes('article(id') ? sourceId : categoryId) : undefined }, 'BAD_USER_INPUT', message);
  });

  it('a cursor used with other filters than it was made with', async () => {
    await expectError(articles(`after: "${cursor}", filter: { language: "de" }`), undefined, 'BAD_USER_INPUT', /issued for a list with other filters/);
    await expectError(articles(`after: "${cursor}"`), undefined, 'BAD_USER_INPUT', /issued for a list with other filters/);
  });

  it('a cursor of the article list given to the news item list', async () => {
    await expectError(`{ newsItems(after: "${cursor}") { edges { cursor } } }`, undefined, 'BAD_USER_INPUT', /other filters/);
  });

  it('a DateTime variable without an offset', async () => {
    await expectError(
      `query($from: DateTime) { articles(filter: { publishedAt: { from: $from } }) { edges { cursor } } }`,
      { from: '2024-03-20T16:00:00' },
      'BAD_USER_INPUT',
      /DateTime must be an ISO 8601 date-time with a time-zone offset/,
      400,
    );
  });

  it('a DateTime literal that is not a date, with where it is in the document', async () => {
    const body = await expectError(articles('filter: { publishedAt: { from: "yesterday" } }'), undefined, 'GRAPHQL_VALIDATION_FAILED', /DateTime must be an ISO 8601 date-time/, 400);
    expect(body.errors[0].locations).toEqual([{ line: 1, column: 43 }]);
  });

  it('a page size of the wrong type', async () => {
    await expectError(`query($n: Int) { articles(first: $n) { edges { cursor } } }`, { n: 'ten' }, 'BAD_USER_INPUT', /Int cannot represent non-integer value: "ten"/, 400);
  });
});

describe('malformed requests', () => {
  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    await expectError('{ articles(first: 1) { edges ', undefined, 'GRAPHQL_PARSE_FAILED', /Syntax Error/, 400);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    await expectError('{ articles { edges { node { nope } } } }', undefined, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nope" on type "Article"/, 400);
  });

  it('quotes a name of the document longer than 64 characters cut short, not whole (one of 100,000 came back whole)', async () => {
    const name = `f${'x'.repeat(99_999)}`;
    const response = await app.graphql(`{ ${name} }`);
    expect([response.status, response.body.errors]).toEqual([
      400,
      [{ message: `Cannot query field "${name.slice(0, 64)}…" on type "Query".`, locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    ]);
  });

  it('refuses queries nested deeper than the limit', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'id' : `newsItems { article { ${nested(levels - 1)} } }`);
    const deep = `{ articles { edges { node { ${nested(6)} } } } }`;
    const response = await app.graphql(deep);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        message: 'The operation nests deeper than 12 levels (MAX_QUERY_DEPTH). See the README, "Limits".',
        locations: [expect.any(Object)],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    // Two branches past the limit, in a named operation: one error, naming it.
    const twice = await app.graphql(`query Deep { articles { edges { node { a: ${nested(6)} b: ${nested(6)} } } } }`);
    expect(twice.status).toBe(400);
    expect(twice.body.errors.map((e: { message: string }) => e.message)).toEqual(['The operation Deep nests deeper than 12 levels (MAX_QUERY_DEPTH). See the README, "Limits".']);
  });

  it('answers fragments that spread themselves with GRAPHQL_VALIDATION_FAILED, and keeps answering', async () => {
    await expectError('{ ...A } fragment A on Query { ...A }', undefined, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/, 400);
    await expectError('{ ...A } fragment A on Query { ...B } fragment B on Query { articles { totalCount } ...A }', undefined, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself via "B"/, 400);
    expect((await app.graphql('{ articles { totalCount } }')).body.data.articles.totalCount).toBe(5);
  });

  it('measures depth through fragments, and each fragment once: 40 fragments that each spread the one before twice are refused at once', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'id' : `newsItems { article { ${nested(levels - 1)} } }`);
    await expectError(`{ ...F } fragment F on Query { articles { edges { node { ...G } } } } fragment G on Article { ${nested(6)} }`, undefined, 'GRAPHQL_VALIDATION_FAILED', /nests deeper than 12 levels/, 400);
    // 2^40 spreads once expanded: graphql-depth-limit walked them all and held the only thread for good.
    const fragments = Array.from({ length: 39 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');
    const response = await app.graphql(`{ ...F39 } fragment F0 on Query { __typename categories { name } } ${fragments}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect((await app.graphql('{ articles { totalCount } }')).body.data.articles.totalCount).toBe(5);
  });

  it('says what graphql-js means when it stops validating a document that repeats a field a thousand times', async () => {
    await expectError(`{ articles { totalCount${' totalCount'.repeat(1000)} } }`, undefined, 'GRAPHQL_VALIDATION_FAILED', /^This document is too complex to validate: .*Send fewer repeated fields\.$/, 400);
  });

  it('says what a stack overflow in the parser means: a document nested thousands deep', async () => {
    const nested = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
    await expectError(`{ articles(filter: { categories: ${nested} }) { totalCount } }`, undefined, 'GRAPHQL_PARSE_FAILED', /^This document nests lists, objects or selections too deeply to be read\. Send a flatter document\.$/, 400);
    expect((await app.graphql('{ articles { totalCount } }')).body.data.articles.totalCount).toBe(5);
  });

  it('answers a subscription over HTTP with GRAPHQL_VALIDATION_FAILED, saying it is served over WebSocket', async () => {
    await expectError('subscription { articleAdded { cursor } }', undefined, 'GRAPHQL_VALIDATION_FAILED', /^Subscriptions are served over WebSocket \(the graphql-ws protocol\) at this same \/graphql URL; over HTTP, send a query or a mutation\.$/, 400);
  });

  it.each([
    ['of a version this server does not know', { version: 2, sha256Hash: 'a'.repeat(64) }, /Unsupported persisted query version/],
    ['whose hash is not that of its query', { version: 1, sha256Hash: 'a'.repeat(64) }, /^extensions\.persistedQuery\.sha256Hash must be the SHA-256 of the query text sent with it/],
  ])('answers a persisted query %s with BAD_REQUEST', async (_name, persistedQuery, message) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { totalCount } }', extensions: { persistedQuery } }),
    });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(body.errors[0].message).toMatch(message);
  });

  it('answers a body that is not JSON with 400 and a message', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.errors[0].message).toMatch(/The request body must be JSON/);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it.each([
    ['text/plain, even with a preflight header', { 'content-type': 'text/plain', 'apollo-require-preflight': '1' }, '{"query": "{ __typename }"}', /^The request body must be JSON sent with Content-Type: application\/json, .*; got Content-Type "text\/plain"\.$/],
    ['application/graphql', { 'content-type': 'application/graphql', 'apollo-require-preflight': '1' }, '{ __typename }', /got Content-Type "application\/graphql"\.$/],
    ['an empty JSON body', { 'content-type': 'application/json' }, '', /^The request body is empty; send JSON such as /],
    ['a JSON number', { 'content-type': 'application/json' }, '42', /^The request body must be a JSON object such as .*; got a number\.$/],
    ['JSON null', { 'content-type': 'application/json' }, 'null', /; got null\.$/],
    ['a batch', { 'content-type': 'application/json' }, '[{"query": "{ __typename }"}]', /^The request body must be one JSON object such as .*; got a list: batches are not accepted, send each operation as a request of its own\.$/],
    ['an empty object', { 'content-type': 'application/json' }, '{}', /^The request body must be a JSON object such as .*, with `query` \(or a persisted query's ID\); got \{\}\.$/],
    ['a query that is a number', { 'content-type': 'application/json' }, '{"query": 5}', /^`query` must be a string holding the GraphQL document, such as .*; got a number\.$/],
    ['a query that is a list', { 'content-type': 'application/json' }, '{"query": ["{ __typename }"]}', /^`query` must be a string holding the GraphQL document, such as .*; got a list\.$/],
    ['a query text and a document ID', { 'content-type': 'application/json' }, '{"query": "{ __typename }", "documentId": "zzz"}', /^Send the query text \(`query`\) or a persisted operation's ID \(`documentId`\), not both\.$/],
  ])('says what was wrong with a body that is not a JSON object: %s', async (_name, headers, body, message) => {
    const response = await fetch(app.url, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    const answer: any = await response.json();
    expect(answer.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('refuses a body that is not UTF-8 with 400, and reads one that starts with a byte order mark', async () => {
    const post = (bytes: Buffer) => fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(bytes) });
    const latin1 = await post(Buffer.from('{"query": "{ articles(filter: { categories: [\"caf\xe9\"] }) { totalCount } }"}', 'latin1'));
    expect(latin1.status).toBe(400);
    expect(await latin1.json()).toEqual({ errors: [{ message: 'The request body must be UTF-8 text (RFC 8259); it holds bytes that are not UTF-8.', extensions: { code: 'BAD_REQUEST' } }] });
    const withBom = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"query": "{ articles { totalCount } }"}')]));
    expect([withBom.status, await withBom.json()]).toEqual([200, { data: { articles: { totalCount: 5 } } }]);
  });

  it('refuses a GET whose %-escapes are not UTF-8 with 400, as it refuses such a body, and reads a stray % as it is', async () => {
    const latin1 = await fetch(`${app.url}?query=%7Barticles(filter:%7Bcategories:%5B%22caf%E9%22%5D%7D)%7BtotalCount%7D%7D`);
    expect(latin1.status).toBe(400);
    expect(await latin1.json()).toEqual({
      errors: [{ message: 'The query string must be UTF-8, percent-encoded (RFC 3986); it holds a %-escape of bytes that are not UTF-8.', extensions: { code: 'BAD_REQUEST' } }],
    });
    const utf8 = await fetch(`${app.url}?query=%7Barticles(filter:%7Bcategories:%5B%22caf%C3%A9%22%5D%7D)%7BtotalCount%7D%7D`);
    expect([utf8.status, await utf8.json()]).toEqual([200, { data: { articles: { totalCount: 0 } } }]);
    const stray = await fetch(`${app.url}?query=%7B__typename%7D&operationName=100%`);
    expect(stray.status).not.toBe(500);
    expect((await stray.json()).errors?.[0]?.message ?? '').not.toMatch(/UTF-8/);
  });

  it('answers a method other than GET, HEAD and POST with 405, saying which it takes', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(app.url, { method, headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"}' });
      expect([response.status, response.headers.get('allow'), await response.json()]).toEqual([
        405,
        'GET, HEAD, POST',
        { errors: [{ message: `/graphql takes GET (queries) and POST (queries and mutations); got "${method}".`, extensions: { code: 'BAD_REQUEST' } }] },
      ]);
    }
  });

  it('refuses a GET whose variables or extensions are not JSON with 400, saying why', async () => {
    const response = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent('{bad')}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^The `variables` parameter must be a JSON object, such as variables=\{"first":10\} %-escaped: .*JSON.*\.$/), extensions: { code: 'BAD_REQUEST' } }],
    });
    const escapedName = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&ext%65nsions=${encodeURIComponent('[')}`);
    expect(escapedName.status).toBe(400);
    expect((await escapedName.json()).errors[0].message).toMatch(/^The `extensions` parameter must be a JSON object, such as extensions=\{"persistedQuery":\{"version":1,"sha256Hash":"…"\}\} %-escaped: /);
    // JSON that is not an object is told apart, in the same words (Apollo would say "should contain a JSON-encoded object").
    for (const [value, got] of [['[1]', 'a list'], ['null', 'null'], ['5', 'a number'], ['"x"', 'a string']]) {
      const notObject = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(value)}`);
      expect([notObject.status, await notObject.json()]).toEqual([
        400,
        { errors: [{ message: `The \`variables\` parameter must be a JSON object, such as variables={"first":10} %-escaped; got ${got}.`, extensions: { code: 'BAD_REQUEST' } }] },
      ]);
    }
    const fine = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent('{}')}`);
    expect([fine.status, await fine.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it('reads an empty operationName as none, over GET and POST (some clients send one for an operation without a name)', async () => {
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&operationName=`);
    expect([get.status, await get.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
    const post = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', operationName: '' }) });
    expect([post.status, await post.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
    // A name that is not empty is still looked for.
    const named = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&operationName=Feed`);
    expect([named.status, (await named.json()).errors[0].extensions.code]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
  });

  it('refuses a compressed body with 415, saying to send it uncompressed, and stays up', async () => {
    const { gzipSync } = await import('node:zlib');
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync('{"query": "{ articles { totalCount } }"}')),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('accept-encoding')).toBe('identity');
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body must be sent uncompressed (no Content-Encoding); got Content-Encoding "gzip".', extensions: { code: 'BAD_REQUEST' } }],
    });
    const identity = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'identity' }, body: '{"query": "{ articles { totalCount } }"}' });
    expect([identity.status, await identity.json()]).toEqual([200, { data: { articles: { totalCount: 5 } } }]);
  });

  it('answers an oversized body with 413', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(response.status).toBe(413);
  });
});

describe('internal errors', () => {
  it('are masked: no message from inside, no stack, and the data survives', async () => {
    await app.dataSource.query('ALTER TABLE article RENAME TO article_hidden');
    try {
      const response = await app.graphql(articles('first: 1'));
      expect(response.status).toBe(200);
      expect(response.body.errors).toEqual([{ message: 'Internal server error', locations: [{ line: 1, column: 3 }], path: ['articles'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(response.body)).not.toMatch(/article_hidden|relation|stack/);
    } finally {
      await app.dataSource.query('ALTER TABLE article_hidden RENAME TO article');
    }
    const after = await app.graphql(`{ articles { totalCount } }`);
    expect(after.body.data.articles.totalCount).toBe(5);
  });

  it('are said once, not once per field that met the same failure (every body of a page failed with its statement)', async () => {
    await app.dataSource.query('ALTER TABLE article RENAME COLUMN body_text TO body_text_hidden');
    try {
      const response = await app.graphql('{ articles(first: 5) { nodes { id body bodyText } } }');
      expect(response.status).toBe(200);
      // The list itself was read; each article's body and text needed the statement that failed (10 fields, 1 error).
      expect(response.body.errors).toEqual([
        { message: 'Internal server error', locations: [{ line: 1, column: 35 }], path: ['articles', 'nodes', 0, 'body'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
    } finally {
      await app.dataSource.query('ALTER TABLE article RENAME COLUMN body_text_hidden TO body_text');
    }
  });
});
