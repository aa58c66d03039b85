import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';

/** A canned response: status 200 and no headers unless given. */
export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A route: a canned response, or a handler that answers (or deliberately does not). */
export type FixtureRoute = FixtureResponse | ((request: IncomingMessage, response: ServerResponse) => void);

/** One request as the server received it. */
export interface LoggedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Lower-cased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
}

/** A real HTTP server on 127.0.0.1 for tests that fetch over the network. */
export interface FixtureServer {
  /** E.g. `http://127.0.0.1:40123`. */
  origin: string;
  port: number;
  /** The absolute URL of `path` on this server. */
  url(path: string): string;
  /** Answers requests for exactly `path` (query ignored); replaces a route of the same path, built-ins included. */
  route(path: string, route: FixtureRoute): void;
  /** Every request received so far, oldest first. */
  requests(): LoggedRequest[];
  /** The requests received for `path` (query ignored). */
  requestsTo(path: string): LoggedRequest[];
  /** Connections accepted so far, and those still open. */
  connections(): { accepted: number; open: number };
  /** Stops the server, cutting every connection (hanging ones included). */
  close(): Promise<void>;
}

/** What a gzip bomb inflates to: more than 100 MiB. */
export const GZIP_BOMB_INFLATED_BYTES = 101 * 1024 * 1024;

/** The text the built-in /br route sends, brotli-compressed. */
export const BROTLI_TEXT = '<rss version="2.0"><channel><title>Brotli feed</title></channel></rss>';

/** The ETag and Last-Modified the built-in /etag route uses. */
export const ETAG = '"fixture-v1"';
export const LAST_MODIFIED = 'Wed, 20 Mar 2024 12:00:00 GMT';

const NOT_FOUND: FixtureResponse = { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };

let gzipBomb: Promise<Buffer> | undefined;

/** A ~100 KiB gzip of zeros that inflates to GZIP_BOMB_INFLATED_BYTES; built once per process, streamed, never held inflated. */
function buildGzipBomb(): Promise<Buffer> {
  gzipBomb ??= buffer(Readable.from(zeros(GZIP_BOMB_INFLATED_BYTES)).pipe(zlib.createGzip({ level: 9 })));
  return gzipBomb;
}

function* zeros(total: number): Generator<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

function builtInRoutes(bomb: Buffer): Map<string, FixtureRoute> {
  return new Map<string, FixtureRoute>([
    ['/hang', () => undefined],
    [
      '/slow-body',
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('the rest never comes');
      },
    ],
    ['/trickle', (_request, response) => trickle(response)],
    ['/endless', (_request, response) => streamForever(response)],
    [
      '/redirect-loop',
      (request, response) => {
        // Two steps, the first relative, so that the loop is only seen after resolving a Location.
        const location = request.url?.includes('?') ? '/redirect-loop' : '?again';
        response.writeHead(302, { location }).end();
      },
    ],
    ['/gzip-bomb', { headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, body: bomb }],
    ['/etag', answerConditionally],
    ['/retry-after', { status: 429, headers: { 'retry-after': '120', 'content-type': 'text/plain' }, body: 'slow down' }],
    ['/br', { headers: { 'content-type': 'application/rss+xml', 'content-encoding': 'br' }, body: zlib.brotliCompressSync(BROTLI_TEXT) }],
    ['/not-found', NOT_FOUND],
  ]);
}

/** /redirect-chain/N redirects (relatively) to N-1, and /redirect-chain/0 answers 200. */
function redirectChain(path: string): FixtureRoute | undefined {
  const match = /^\/redirect-chain\/(\d+)$/.exec(path);
  if (!match) return undefined;
  const remaining = Number(match[1]);
  if (remaining === 0) return { headers: { 'content-type': 'text/plain' }, body: 'end of the chain' };
  return { status: 302, headers: { location: String(remaining - 1) } };
}

/** Sends one byte every 50 ms, for ever: never idle long enough for an idle timeout. */
function trickle(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain' });
  const timer = setInterval(() => response.write('.'), 50);
  response.once('close', () => clearInterval(timer));
}

function streamForever(response: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  response.writeHead(200, { 'content-type': 'text/plain' });
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
}

function answerConditionally(request: IncomingMessage, response: ServerResponse): void {
  const validators = { etag: ETAG, 'last-modified': LAST_MODIFIED };
  const ifNoneMatch = request.headers['if-none-match'];
  // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
  const unchanged = ifNoneMatch !== undefined ? ifNoneMatch === ETAG : request.headers['if-modified-since'] === LAST_MODIFIED;
  if (unchanged) {
    response.writeHead(304, validators).end();
    return;
  }
  response.writeHead(200, { ...validators, 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel/></rss>');
}

function answer(route: FixtureRoute, request: IncomingMessage, response: ServerResponse): void {
  if (typeof route === 'function') return route(request, response);
  response.writeHead(route.status ?? 200, route.headers ?? {});
  response.end(route.body);
}

/**
 * Starts a fixture server on 127.0.0.1 (free port) with built-in routes: /hang (never answers), /slow-body (headers, then
 * stalls), /trickle (a byte every 50 ms), /endless, /redirect-loop, /redirect-chain/N, /gzip-bomb, /etag (304 when a validator matches), /retry-after
 * (429, Retry-After: 120), /br and /not-found; any other path answers 404 until a route is registered for it.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = builtInRoutes(await buildGzipBomb());
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;

  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    log.push({ method: request.method ?? 'GET', path, headers: request.headers });
    const pathname = path.split('?')[0];
    const route = routes.get(pathname) ?? redirectChain(pathname) ?? NOT_FOUND;
    answer(route, request, response);
  });
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path) => new URL(path, origin).href,
    route: (path, route) => void routes.set(path, route),
    requests: () => [...log],
    requestsTo: (path) => log.filter((entry) => entry.path.split('?')[0] === path),
    connections: () => ({ accepted, open: sockets.size }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
