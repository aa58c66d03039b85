import net from 'node:net';
import { startTestApp, TestApp } from '../helpers/app';
import { liveClient, subscribe, subscriptionsRunning } from '../helpers/live-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** One HTTP/1.1 response read from a raw socket: status, headers (lower-case names) and body. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `requests` (raw HTTP/1.1) on one connection, one after the other, and reads a response to each, by its
 * Content-Length; the connection is closed after.
 */
async function exchange(...requests: string[]): Promise<RawResponse[]> {
  const { port } = new URL(app.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let pending = Buffer.alloc(0);
  const waiting: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    waiting.splice(0).forEach((wake) => wake());
  });
  socket.on('close', () => waiting.splice(0).forEach((wake) => wake()));
  const responses: RawResponse[] = [];
  try {
    for (const request of requests) {
      socket.write(request);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end !== -1) {
          const [statusLine, ...lines] = pending.subarray(0, end).toString('latin1').split('\r\n');
          const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
          const length = Number(headers['content-length'] ?? 0);
          if (pending.length >= end + 4 + length) {
            responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: pending.subarray(end + 4, end + 4 + length).toString('utf8') });
            pending = pending.subarray(end + 4 + length);
            break;
          }
        }
        if (socket.destroyed) throw new Error(`The connection closed before a whole response; it held ${JSON.stringify(pending.toString('latin1'))}`);
        await new Promise<void>((wake) => waiting.push(wake));
      }
    }
  } finally {
    socket.destroy();
  }
  return responses;
}

const H2C = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n';
const TYPENAME = { data: { __typename: 'Query' } };

describe('a request with an Upgrade this server does not take', () => {
  it('is answered as the HTTP/1.1 request it also is (curl --http2 over http:// sends Upgrade: h2c), GET and POST, and the connection stays usable', async () => {
    const body = '{"query": "{ __typename }"}';
    const [get, post, next] = await exchange(
      `GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n${H2C}\r\n`,
      `POST /graphql HTTP/1.1\r\nHost: x\r\n${H2C}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      `GET /graphql?query=%7Bcategories%7Bslug%7D%7D HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect([get.status, JSON.parse(get.body)]).toEqual([200, TYPENAME]);
    expect([post.status, JSON.parse(post.body)]).toEqual([200, TYPENAME]);
    expect([next.status, JSON.parse(next.body)]).toEqual([200, { data: { categories: [] } }]);
  });

  it('reads a POST body that arrives after the head, in parts, as a POST without Upgrade', async () => {
    const body = JSON.stringify({ query: `{ __typename }${' '.repeat(200_000)}` });
    const { port } = new URL(app.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\n${H2C}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(body.slice(0, 100_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.end(body.slice(100_000));
    await ended;
    const answer = Buffer.concat(received).toString('utf8');
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(TYPENAME);
  });

  it('a POST that asks for a WebSocket is answered as a POST, and another path as that path', async () => {
    const body = '{"query": "{ __typename }"}';
    const [post] = await exchange(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect([post.status, JSON.parse(post.body)]).toEqual([200, TYPENAME]);
    const [other] = await exchange(
      'GET /other HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect([other.status, JSON.parse(other.body)]).toEqual([404, { error: 'No such path: /other. The GraphQL API is at /graphql.' }]);
  });
});

describe('a WebSocket handshake this server cannot take', () => {
  const handshake = (headers: string) => `GET /graphql HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${headers}\r\n`;
  const refused = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });

  it.each([
    [
      'a version other than 13',
      'Sec-WebSocket-Version: 99\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
      'This server speaks WebSocket version 13 (Sec-WebSocket-Version: 13); got "99".',
    ],
    [
      'the draft version 8, which ws would take',
      'Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
      'This server speaks WebSocket version 13 (Sec-WebSocket-Version: 13); got "8".',
    ],
    ['no version', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n', 'This server speaks WebSocket version 13 (Sec-WebSocket-Version: 13); got none.'],
    ['no key', 'Sec-WebSocket-Version: 13\r\n', 'A WebSocket handshake needs Sec-WebSocket-Key, 16 random bytes in base64 (RFC 6455 §4.1); got none.'],
    ['a key that is not 16 bytes', 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n', 'A WebSocket handshake needs Sec-WebSocket-Key, 16 random bytes in base64 (RFC 6455 §4.1); got "short".'],
    [
      'a malformed subprotocol list',
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: a b,,\r\n',
      'The WebSocket handshake was refused: Invalid Sec-WebSocket-Protocol header.',
    ],
  ])('is answered 400 with a JSON error that says what was expected: %s', async (_name, headers, message) => {
    const [response] = await exchange(handshake(headers));
    expect([response.status, response.headers['content-type'], JSON.parse(response.body)]).toEqual([400, 'application/json; charset=utf-8', refused(message)]);
  });

  it('a version refusal names the version spoken, and a good handshake is still taken', async () => {
    const [response] = await exchange(handshake('Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: x\r\n'));
    expect(response.status).toBe(400);
    const [wrongVersion] = await exchange(handshake('Sec-WebSocket-Version: 12\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'));
    expect(wrongVersion.headers['sec-websocket-version']).toBe('13');
    const client = liveClient(app.url);
    try {
      subscribe(client, 'subscription { articleAdded { cursor } }');
      await subscriptionsRunning(app.url, 1);
    } finally {
      await client.dispose();
    }
  });
});
