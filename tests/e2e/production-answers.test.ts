import net from 'node:net';
import { MAX_BODY_BYTES } from '../../src/server/http-server';
import { startTestApp, TestApp } from '../helpers/app';

/** A server as deployed: NODE_ENV=production, SANDBOX left at its default (off). */
let production: TestApp;
/** The same with SANDBOX=true said explicitly. */
let sandboxed: TestApp;
// Started together: an embedded test database cannot be opened again once one has closed in this process.
beforeAll(async () => {
  production = await startTestApp({ NODE_ENV: 'production' });
  sandboxed = await startTestApp({ NODE_ENV: 'production', SANDBOX: 'true' });
});
afterAll(async () => {
  await production?.close();
  await sandboxed?.close();
});

const messages = async (app: TestApp, query: string, variables?: Record<string, unknown>) => (await app.graphql(query, variables)).body.errors.map((e: { message: string }) => e.message);

describe('production errors spell out nothing of the schema', () => {
  it.each([
    ['a misspelt field', '{ articles { nodes { titel } } }', undefined, 'Cannot query field "titel" on type "Article".'],
    ['a misspelt argument', '{ articles(frist: 5) { nodes { id } } }', undefined, 'Unknown argument "frist" on field "Query.articles".'],
    ['a misspelt input field', '{ articles(filter: { languag: "en" }) { nodes { id } } }', undefined, 'Field "languag" is not defined by type "ArticleFilter".'],
    ['a misspelt type', 'query($f: ArticleFiltr) { articles(filter: $f) { nodes { id } } }', undefined, 'Unknown type "ArticleFiltr".'],
    [
      'a misspelt enum value in a variable',
      'mutation($input: AddSourceInput!) { addSource(input: $input) { id } }',
      { input: { url: 'https://news.example/feed', kind: 'RSSS' } },
      'Variable "$input" got invalid value "RSSS" at "input.kind"; Value "RSSS" does not exist in "SourceKind" enum.',
    ],
  ])('%s', async (_name, query, variables, message) => {
    expect(await messages(production, query, variables)).toEqual([message]);
  });
});

describe('introspection in production', () => {
  it.each([
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Article") { fields { name } } }'],
  ])('refuses %s unless SANDBOX is on', async (_name, query) => {
    const refused = await production.graphql(query);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors[0].message).toBe('Introspection (__schema, __type) is not allowed on this server.');
    const allowed = await sandboxed.graphql(query);
    expect([allowed.status, allowed.body.errors]).toEqual([200, undefined]);
  });
});

/** Sends raw bytes over a socket and returns all it got back before the server closed or went quiet. */
function rawExchange(port: number, head: string, body: (socket: net.Socket) => void): Promise<{ response: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let error: string | null = null;
    socket.on('data', (chunk) => {
      response += chunk.toString();
      // Complete once the JSON body promised by Content-Length has arrived.
      const [headers, rest] = response.split('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(headers ?? '')?.[1]);
      if (rest !== undefined && Buffer.byteLength(rest) >= length) socket.destroy();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ response, error }));
    socket.write(head);
    body(socket);
  });
}

describe('a body larger than the limit answers 413 however it is sent', () => {
  const tooLarge = { errors: [{ message: `The request body must be at most ${MAX_BODY_BYTES} bytes.`, extensions: { code: 'BAD_REQUEST' } }] };
  const port = () => Number(new URL(production.url).port);

  it('in chunks (Transfer-Encoding: chunked), still arriving when the answer is sent', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const { response, error } = await rawExchange(port(), 'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', (socket) => {
      // Keeps sending well past the limit, as a client that does not read answers while it sends.
      let sent = 0;
      const pump = () => {
        while (sent < 4 * MAX_BODY_BYTES && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    expect(error).toBeNull();
    expect(response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(JSON.parse(response.split('\r\n\r\n')[1])).toEqual(tooLarge);
  });

  it('with Expect: 100-continue and a Content-Length above the limit, refused at once, without inviting the body', async () => {
    const head = (length: number) => `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;
    const refused = await rawExchange(port(), head(4 * MAX_BODY_BYTES), () => undefined);
    expect(refused.error).toBeNull();
    expect(refused.response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(JSON.parse(refused.response.split('\r\n\r\n')[1])).toEqual({ errors: [{ ...tooLarge.errors[0], message: `The request body must be at most ${MAX_BODY_BYTES} bytes; got ${4 * MAX_BODY_BYTES}.` }] });
    // A body within the limit is invited, then answered.
    const body = JSON.stringify({ query: '{ __typename }' });
    const invited = await rawExchange(port(), head(Buffer.byteLength(body)), (socket) => {
      let seen = '';
      socket.on('data', (chunk) => {
        seen += chunk.toString();
        if (seen === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write(body);
        // rawExchange reads the length of the first head, the 100's, which has none: the answer's end is seen here.
        if (seen.trimEnd().endsWith('}}')) socket.destroy();
      });
    });
    expect(invited.response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(invited.response).toContain('{"data":{"__typename":"Query"}}');
  });

  it('with a Content-Length above the limit, answered before the body is read', async () => {
    const { response, error } = await rawExchange(port(), `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${4 * MAX_BODY_BYTES}\r\n\r\n`, (socket) => socket.write('{"query": "'));
    expect(error).toBeNull();
    expect(response).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(JSON.parse(response.split('\r\n\r\n')[1])).toEqual({ errors: [{ ...tooLarge.errors[0], message: `The request body must be at most ${MAX_BODY_BYTES} bytes; got ${4 * MAX_BODY_BYTES}.` }] });
  });
});

/**
 * Sends a whole request before reading a byte of the answer, as Python's urllib and many simple clients do, and
 * returns what it read then, or the error of the write (EPIPE, ECONNRESET) when the server reset the connection.
 */
function sendAllThenRead(port: number, request: Buffer): Promise<{ response: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    let response = '';
    let error: string | null = null;
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('data', (chunk) => (response += chunk.toString('utf8')));
    socket.on('close', () => resolve({ response, error }));
    socket.write(request, (e) => {
      if (e) error ??= (e as NodeJS.ErrnoException).code ?? e.message;
      socket.resume();
    });
  });
}

describe('a body over the limit sent whole before the answer is read, on a connection the client closes', () => {
  const port = () => Number(new URL(production.url).port);
  // 16 MiB: still arriving when the answer is written (2 MiB had often arrived by then on loopback).
  const body = Buffer.alloc(16 * MAX_BODY_BYTES, 'x');

  it.each([
    ['with a Content-Length', `Content-Length: ${body.length}`, body],
    ['in chunks', 'Transfer-Encoding: chunked', Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])],
  ])('%s: the 413 arrives, not a reset (Node closed such a connection with unread body, and the client got EPIPE)', async (_how, header, payload) => {
    // Several in turn: the reset raced the client's last writes, and lost some of the time.
    for (let i = 0; i < 5; i++) {
      const head = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n${header}\r\n\r\n`;
      const { response, error } = await sendAllThenRead(port(), Buffer.concat([Buffer.from(head), payload]));
      expect({ error, status: response.split('\r\n')[0] }).toEqual({ error: null, status: 'HTTP/1.1 413 Payload Too Large' });
    }
  });
});

describe('what the HTTP parser refuses is answered with JSON that says why', () => {
  const port = () => Number(new URL(production.url).port);
  const bodyOf = (response: string) => JSON.parse(response.split('\r\n\r\n')[1]);

  it('headers over 16 KB: 431', async () => {
    const { response } = await rawExchange(port(), `GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`, () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: expect.stringMatching(/must fit in 16 KB/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('CONNECT: 405 with Allow (Node closed the connection without a word)', async () => {
    const { response } = await rawExchange(port(), 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(response).toMatch(/\r\nAllow: GET, HEAD, POST\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: expect.stringMatching(/got "CONNECT": this server is no proxy\.$/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('an HTTP/1.1 request without Host: 400 that says so (Node answered with an empty body)', async () => {
    const { response } = await rawExchange(port(), 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: 'An HTTP/1.1 request needs a Host header (RFC 9112, section 3.2); got none.', extensions: { code: 'BAD_REQUEST' } });
    // HTTP/1.0 had no Host header: such a request is still answered.
    const old = await rawExchange(port(), 'GET /healthz HTTP/1.0\r\n\r\n', () => undefined);
    expect(old.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('two Host headers: 400 that says so (Node kept the first without a word, where a proxy may have read the other)', async () => {
    const { response } = await rawExchange(port(), 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: 'A request may have one Host header (RFC 9112, section 3.2); got 2.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('a target in absolute form names the same resource as its path (RFC 9112, section 3.2.2)', async () => {
    const { response } = await rawExchange(port(), 'GET http://elsewhere.example/graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(bodyOf(response)).toEqual({ data: { __typename: 'Query' } });
    const health = await rawExchange(port(), 'GET HTTPS://elsewhere.example:8443/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', () => undefined);
    expect(health.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('a method the server does not know: 501 with Allow (RFC 9110, section 9.1), not a bare 400', async () => {
    const { response } = await rawExchange(port(), 'FOO /graphql HTTP/1.1\r\nHost: x\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 501 Not Implemented\r\n/);
    expect(response).toMatch(/\r\nAllow: GET, HEAD, POST\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: expect.stringMatching(/the request's method is not one this server knows\.$/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('an Expect other than 100-continue: 417 that says which one is met (Node answered with an empty body)', async () => {
    const { response } = await rawExchange(port(), 'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 417 Expectation Failed\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: 'The only expectation this server meets is Expect: 100-continue; got "foo".', extensions: { code: 'BAD_REQUEST' } });
  });

  it('more than 200 header fields: 431 that says so (Node dropped those past the 2,000th without a word)', async () => {
    const fields = (count: number) => Array.from({ length: count }, (_, i) => `X-${i}: 1\r\n`).join('');
    const { response } = await rawExchange(port(), `GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n${fields(250)}\r\n`, () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: 'A request may have at most 200 header fields; this one has 251.', extensions: { code: 'BAD_REQUEST' } });
    const fine = await rawExchange(port(), `GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${fields(150)}\r\n`, () => undefined);
    expect(fine.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('a request that is not HTTP: 400', async () => {
    const { response } = await rawExchange(port(), 'HELLO THERE\r\n\r\n', () => undefined);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(response).errors[0]).toEqual({ message: 'The request is not valid HTTP/1.1.', extensions: { code: 'BAD_REQUEST' } });
    expect((await production.graphql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('/readyz', () => {
  it('says only that the database is unreachable: what the driver said stays in the log', async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    try {
      await app.dataSource.destroy();
      const response = await fetch(app.url.replace(/\/graphql$/, '/readyz'));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'database unreachable' });
    } finally {
      await app.close();
    }
  });
});
