import http from 'node:http';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { shown } from '../domain/input-check';
import { adminCheck, buildContext } from '../graphql/context';
import { databaseFailureError, errorBody, LimitCode, LimitError } from '../graphql/errors';
import { describeError, Logger } from '../logger';
import type { Services } from '../services';
import { CacheFacts, CachingContext } from './caching/cache-control-plugin';
import { withCachingHeaders } from './caching/http-caching';
import { registrationPoints, type AutomaticQueryStore, type PersistedDocuments } from './caching/persisted-documents';
import { crossSiteRefusal } from './csrf';
import { acceptsOnlyLegacyJson, legacyJsonStatus } from './json-status';
import type { Client } from './limits/client-identity';
import { WINDOW_SECONDS, type RateLimiter } from './limits/rate-limiter';
import { LimitedContext, rateLimitHeaders, RequestBudget } from './limits/request-budget';
import type { Metrics } from './metrics';
import type { CachedAnswer, ResponseCache } from './response-cache';

/** The largest request body /graphql reads; a query and its variables fit well within it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How long a client may go on sending a body refused as too large before its connection is closed. */
const LINGER_MS = 2000;

export interface HttpDeps {
  apollo: ApolloServer<LimitedContext & CachingContext>;
  services: Services;
  metrics: Metrics;
  logger: Logger;
  /** False while the server drains for shutdown, so /readyz takes it out of rotation. */
  isAccepting: () => boolean;
  /** The admin token mutations need; null disables them. */
  adminToken: string | null;
  rateLimiter: RateLimiter;
  identifyClient: (req: http.IncomingMessage) => Client;
  /** Largest answer sent; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
  /** Answers identical anonymous queries once; null when RESPONSE_CACHE is off. */
  responseCache: ResponseCache | null;
  /** Resolves persisted document IDs, and refuses what PERSISTED_QUERIES does not allow. */
  persistedDocuments: PersistedDocuments;
  /** The store of automatic persisted queries Apollo registers into (null unless PERSISTED_QUERIES=auto). */
  persistedQueries: AutomaticQueryStore | null;
}

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, if-none-match, apollo-require-preflight, x-apollo-operation-name',
  'access-control-expose-headers': 'etag, query-cost, ratelimit-policy, ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after',
  'access-control-max-age': '86400',
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What /graphql answers, before it is written. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | AsyncIterableIterator<string>;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The body size a request declares (its Content-Length) when that is over the limit, else null. */
function declaredTooLarge(req: http.IncomingMessage): number | null {
  const declared = Number(req.headers['content-length'] ?? 0);
  return declared > MAX_BODY_BYTES ? declared : null;
}

function tooLarge(declared?: number): RequestError {
  return new RequestError(413, `The request body must be at most ${MAX_BODY_BYTES} bytes${declared === undefined ? '' : `; got ${declared}`}.`);
}

/**
 * Bodies are JSON, which is UTF-8 (RFC 8259 §8.1): bytes that are not UTF-8 are refused rather than read as U+FFFD
 * (a Latin-1 "café" would silently ask for something else), and a byte order mark is dropped, as §8.1 allows.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the %-escapes of a query string spell UTF-8, as a GET's parameters must (the URL's parser would read
 * `%ff` as U+FFFD and run something else than was asked, where a POST body with that byte is refused). A `%`
 * that starts no escape is left to the parser, which keeps it as it is.
 */
function queryStringIsUtf8(search: string): boolean {
  if (!search.includes('%')) return true;
  try {
    decodeURIComponent(search.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
    return true;
  } catch {
    return false;
  }
}

/** Reads the body; past the limit it stops keeping what arrives (the rest is drained: see `linger`). */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== '') {
      // RFC 9110 §15.5.16: an unsupported content coding is 415, and Accept-Encoding says which are accepted.
      const shown = JSON.stringify(String(req.headers['content-encoding']).slice(0, 40));
      reject(new RequestError(415, `The request body must be sent uncompressed (no Content-Encoding); got Content-Encoding ${shown}.`, { 'accept-encoding': 'identity' }));
      return;
    }
    const declared = declaredTooLarge(req);
    if (declared !== null) {
      reject(tooLarge(declared));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      try {
        resolve(utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      } catch {
        reject(new RequestError(400, 'The request body must be UTF-8 text (RFC 8259); it holds bytes that are not UTF-8.'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * After answering a body that is still arriving, reads and drops the rest for a while before closing: closing
 * a socket with unread data makes TCP reset the connection, and the client would lose the answer (RFC 9112 §9.6).
 */
function linger(req: http.IncomingMessage): void {
  req.resume();
  if (req.complete) return;
  const socket = req.socket;
  // An exchange that ends the connection (`Connection: close`) is ended by Node with destroySoon() once the answer
  // is written, which resets it while the body still arrives: a client that sends all of its body before reading
  // (Python's urllib, curl without Expect) got EPIPE instead of the 413. Here it only half-closes (FIN after the
  // answer) and the rest of the body is read and dropped; the socket is destroyed once the body has arrived.
  const destroySoon = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    if (req.complete) destroySoon();
    else if (socket.writable) socket.end();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  req.once('end', () => {
    clearTimeout(timer);
    socket.destroySoon = destroySoon;
    if (!socket.writable) socket.destroy();
  });
  req.once('close', () => clearTimeout(timer));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  const example = '{"query": "{ articles { totalCount } }"}';
  if (!contentType || !/^application\/(graphql-response\+)?json\b/i.test(contentType.trim())) {
    // Apollo reads JSON bodies only; it would answer "POST body missing, invalid Content-Type, or JSON object has no keys".
    const got = contentType ? `Content-Type ${JSON.stringify(contentType.slice(0, 60))}` : 'no Content-Type';
    throw new RequestError(400, `The request body must be JSON sent with Content-Type: application/json, such as ${example}; got ${got}.`);
  }
  if (text === '') throw new RequestError(400, `The request body is empty; send JSON such as ${example}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `The request body must be JSON such as ${example}: ${(error as Error).message}.`);
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new RequestError(400, `The request body must be a JSON object such as ${example}; got ${parsed === null ? 'null' : `a ${typeof parsed}`}.`);
  }
  // Said here rather than in Apollo's words ("Operation batching disabled.", "…or JSON object has no keys.").
  if (Array.isArray(parsed)) {
    throw new RequestError(400, `The request body must be one JSON object such as ${example}; got a list: batches are not accepted, send each operation as a request of its own.`);
  }
  if (Object.keys(parsed).length === 0) {
    throw new RequestError(400, `The request body must be a JSON object such as ${example}, with \`query\` (or a persisted query's ID); got {}.`);
  }
  // Apollo would say only "GraphQL queries must be strings."
  const { query } = parsed as { query?: unknown };
  if (query !== undefined && query !== null && typeof query !== 'string') {
    throw new RequestError(400, `\`query\` must be a string holding the GraphQL document, such as ${example}; got ${Array.isArray(query) ? 'a list' : `a ${typeof query}`}.`);
  }
  return parsed;
}

/** What one /graphql request is run with. */
interface GraphQLRequest {
  req: http.IncomingMessage;
  /** The method the request is run as: HEAD runs as GET (RFC 9110 §9.3.2), and Node sends no body for it. */
  method: string;
  search: string;
  /** The body as sent ('' for GET). */
  text: string;
  budget: RequestBudget;
  caching: CacheFacts;
}

async function executeGraphQL(request: GraphQLRequest, deps: HttpDeps, checkAdmin: ReturnType<typeof adminCheck>): Promise<Answer> {
  const { req, method, search, budget, caching } = request;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown;
  if (method === 'POST') {
    const refusal = crossSiteRefusal(req.headers);
    if (refusal) throw new RequestError(400, refusal);
    body = parseBody(request.text, req.headers['content-type']);
  }
  const resolved = deps.persistedDocuments.resolveHttp(method, { body, search });
  if ('code' in resolved) return { status: resolved.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: json(errorBody(resolved.code, resolved.message)) };
  // A query text Apollo would register as an automatic persisted query is charged by its length first.
  const registering = await deps.persistedDocuments.registeringHttp(method, { body, search }, deps.persistedQueries);
  if (registering) {
    try {
      await budget.charge(registrationPoints(registering.text));
    } catch (error) {
      if (!(error instanceof LimitError)) throw error;
      return limitAnswer(error);
    }
  }
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, ...withoutEmptyParams(resolved) },
    context: async () => Object.assign(buildContext(deps.services, checkAdmin, req.headers.authorization), { budget, caching }),
  });
  const out: Record<string, string> = {};
  for (const [name, value] of result.headers) out[name] = value;
  const status = result.status ?? 200;
  if (result.body.kind === 'chunked') return { status, headers: out, body: result.body.asyncIterator };
  // Encoded once: measuring the length of the string and then writing it would walk it twice.
  const encoded = Buffer.from(result.body.string, 'utf8');
  if (encoded.length <= deps.maxResponseBytes) return { status, headers: out, body: encoded };
  caching.failed = true;
  const message = `The answer would be ${encoded.length} bytes; answers are limited to ${deps.maxResponseBytes}. Ask for fewer items or fields (a smaller \`first\`, no \`body\`), or page through the list.`;
  return { status, headers: { ...out, 'content-type': 'application/json; charset=utf-8' }, body: json(errorBody('RESPONSE_TOO_LARGE', message)) };
}

/**
 * Runs the request, or answers it from the response cache when it is an anonymous read seen before (or being
 * answered now). A cached answer charges the client's budget what its query cost when it ran.
 */
async function cachedGraphQL(request: GraphQLRequest, deps: HttpDeps, checkAdmin: ReturnType<typeof adminCheck>): Promise<Answer> {
  const cache = deps.responseCache;
  const { req, method, search, text, budget, caching } = request;
  const key = cache?.keyOf({ method, headers: req.headers, search, body: text });
  if (!cache || !key) return executeGraphQL(request, deps, checkAdmin);
  const { answer, outcome } = await cache.answer(key, async () => ({
    answer: await executeGraphQL(request, deps, checkAdmin),
    cost: budget.cost,
    facts: { ...caching },
  }));
  if (outcome === 'miss') return answer;
  // The cached answer's headers (Cache-Control, ETag) are made below from what its operation was.
  Object.assign(caching, (answer as CachedAnswer).facts);
  return (await chargeCached(budget, answer as CachedAnswer)) ?? answer;
}

/** Charges a cached answer's cost; the refusal to send instead when the client's whole budget could never pay for it. */
async function chargeCached(budget: RequestBudget, answer: CachedAnswer): Promise<Answer | null> {
  budget.cost = answer.cost;
  if (answer.cost === null) return null;
  try {
    await budget.charge(answer.cost);
  } catch (error) {
    if (!(error instanceof LimitError)) throw error;
    // A spent budget turns the answer into a 429 below, as it does for a query that runs.
    if (error.extensions.code === 'COST_LIMIT_EXCEEDED') return limitAnswer(error);
  }
  return null;
}

/** A limit's refusal as an HTTP answer: its status and code, as Apollo would send it. */
function limitAnswer(error: LimitError): Answer {
  const status = (error.extensions.http as { status: number }).status;
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: json(errorBody(error.extensions.code as LimitCode, error.message)) };
}

/**
 * The request without an empty `operationName` (`operationName=` in a query string, `"operationName": ""` in a body),
 * which some clients send for an operation without a name: graphql-js would look for an operation named "" and
 * answer "Unknown operation named """. An empty name is no name; and an empty `query` sent with a persisted query's
 * hash is no text (Apollo would compare the hash with the hash of "", "provided sha does not match query"), as over
 * WebSocket.
 */
function withoutEmptyParams({ body, search }: { body: unknown; search: string }): { body: unknown; search: string } {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const params = body as Record<string, unknown>;
    const dropName = params.operationName === '';
    const dropQuery = params.query === '' && 'extensions' in params;
    if (!dropName && !dropQuery) return { body, search };
    const kept = { ...params };
    if (dropName) delete kept.operationName;
    if (dropQuery) delete kept.query;
    return { body: kept, search };
  }
  if (!/[?&](operationName|query)=(&|$)/.test(search)) return { body, search };
  const params = new URLSearchParams(search);
  if (params.getAll('operationName').length === 1 && params.get('operationName') === '') params.delete('operationName');
  if (params.getAll('query').length === 1 && params.get('query') === '' && params.has('extensions')) params.delete('query');
  return { body, search: `?${params}` };
}

/** An example of each JSON parameter of a GET, for the message that refuses one. */
const QUERY_STRING_EXAMPLES: Record<string, string> = {
  variables: 'variables={"first":10}',
  extensions: 'extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}',
};

/** A GET's query string: UTF-8 %-escapes, and JSON objects where they are expected (Apollo names no parse error there). */
function checkQueryString(search: string): void {
  if (!queryStringIsUtf8(search)) {
    throw new RequestError(400, 'The query string must be UTF-8, percent-encoded (RFC 3986); it holds a %-escape of bytes that are not UTF-8.');
  }
  if (!/[?&][^=&]*(variables|extensions|%)/i.test(search)) return;
  const params = new URLSearchParams(search);
  for (const [name, example] of Object.entries(QUERY_STRING_EXAMPLES)) {
    const value = params.get(name);
    if (value === null) continue;
    const expected = `The \`${name}\` parameter must be a JSON object, such as ${example} %-escaped`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new RequestError(400, `${expected}: ${(error as Error).message}.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new RequestError(400, `${expected}; got ${Array.isArray(parsed) ? 'a list' : parsed === null ? 'null' : `a ${typeof parsed}`}.`);
    }
  }
}

async function answerGraphQL(req: http.IncomingMessage, res: http.ServerResponse, search: string, deps: HttpDeps, checkAdmin: ReturnType<typeof adminCheck>): Promise<void> {
  const budget = new RequestBudget(deps.rateLimiter, deps.identifyClient(req));
  const caching = new CacheFacts();
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  let answer: Answer;
  try {
    if (method !== 'GET' && method !== 'POST') {
      // Apollo would say "Apollo Server supports only GET/POST requests."
      throw new RequestError(405, `/graphql takes GET (queries) and POST (queries and mutations); got ${shown(method)}.`, { allow: 'GET, HEAD, POST' });
    }
    const text = method === 'POST' ? await readBody(req) : '';
    if (method === 'GET') checkQueryString(search);
    answer = await cachedGraphQL({ req, method, search, text, budget, caching }, deps, checkAdmin);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    // A body refused before it was read is drained before the socket closes.
    if (error.status === 413 || error.status === 415) linger(req);
    answer = { status: error.status, headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers }, body: json(errorBody('BAD_REQUEST', error.message)) };
  }
  // The next read of this process must not be answered from before the write.
  if (caching.operation === 'mutation') await deps.responseCache?.afterWrite();
  const state = await budget.settle();
  if (state?.spent && answer.status !== 429) {
    // A request that ran no operation still counts; once the budget is spent it is refused like any other.
    answer = { status: 429, headers: { 'content-type': 'application/json; charset=utf-8' }, body: json(errorBody('RATE_LIMITED', budget.refusal(state))) };
  }
  const headers: Record<string, string> = Object.assign({}, CORS_HEADERS, answer.headers, state && rateLimitHeaders(state, WINDOW_SECONDS));
  if (budget.cost !== null) headers['query-cost'] = String(budget.cost);
  if (!deps.isAccepting()) headers.connection = 'close';
  if (Buffer.isBuffer(answer.body)) {
    const legacyStatus = acceptsOnlyLegacyJson(req.headers.accept) ? legacyJsonStatus(answer.status, answer.body) : answer.status;
    const status = withCachingHeaders(req.headers, caching, legacyStatus, answer.body, headers);
    if (status === 304) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['content-length'] = String(answer.body.length);
    res.writeHead(status, headers);
    res.end(answer.body);
    return;
  }
  headers['cache-control'] = 'no-store';
  res.writeHead(answer.status, headers);
  for await (const chunk of answer.body) res.write(chunk);
  res.end();
}

/** How long a request (its head and its body) may take to arrive; Node's default is 5 minutes. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The HTTP server, its requests held to `requestTimeoutMs`. Node looks for requests over their time only every
 * `connectionsCheckingInterval` (30 s by default), so a 30 s limit let a slow client hold its connection for up
 * to a minute: it looks every second. An idle connection is closed after `keepAliveTimeoutMs` (Node's 5 s when not
 * given; each answer says it in `Keep-Alive: timeout=`): behind a load balancer that keeps idle connections longer,
 * it must be longer than the balancer's, or a request the balancer sends on a connection being closed fails (a 502).
 */
export function createHttpServer(
  listener: http.RequestListener,
  { requestTimeoutMs = REQUEST_TIMEOUT_MS, keepAliveTimeoutMs }: { requestTimeoutMs?: number; keepAliveTimeoutMs?: number } = {},
): http.Server {
  // What Node would refuse with an empty body (no Host: 400; an Expect it does not know: 417) or by closing the
  // connection (CONNECT) is answered here, with JSON that says why, as every other refusal is.
  // (The listeners refuse a request without Host, or with too many header fields: refusedHead. Node would keep the
  // first 2,000 fields and drop the rest; all are kept, so that they are counted.)
  const server = http.createServer({ requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs), requireHostHeader: false }, listener);
  server.maxHeadersCount = 0;
  if (keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = keepAliveTimeoutMs;
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    sendJson(res, 417, errorBody('BAD_REQUEST', `The only expectation this server meets is Expect: 100-continue; got ${shown(req.headers.expect ?? '')}.`), { connection: 'close' });
  });
  // Expect: 100-continue (curl sends it with a body over 1 MB): a body declared over the limit is refused at once, not
  // invited with 100 Continue and then refused once sent (RFC 9110 §10.1.1 lets a server answer with the final status).
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (declaredTooLarge(req) === null) res.writeContinue();
    server.emit('request', req, res);
  });
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
    answerRaw(socket, 405, '/graphql takes GET (queries) and POST (queries and mutations); got "CONNECT": this server is no proxy.', 'Allow: GET, HEAD, POST\r\n');
  });
  return server;
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request line and headers together must fit in 16 KB: keep headers short, and send a long query in a POST body rather than in the URL.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, `The request must arrive within ${REQUEST_TIMEOUT_MS / 1000} s, head and body.`],
};

/** An HTTP/1.x request line: a method (a token, RFC 9110 section 5.6.2), a target and the version. */
const REQUEST_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [^ \r\n]+ HTTP\/1\.[01]\r?\n/;

/**
 * Answers what Node's HTTP parser refuses before a request reaches the listener (headers too large: 431; a request
 * too slow to arrive: 408; a method it does not know: 501; anything else that is not HTTP/1.1: 400) with a JSON body saying so, as every other refusal
 * has, instead of Node's bare status line. A socket whose answer has begun, or that is gone, is only closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as { _httpMessage?: http.ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_INVALID_METHOD' && REQUEST_LINE.test(String((error as { rawPacket?: Buffer }).rawPacket ?? ''))) {
    // A request line with a method Node's parser does not know (FOO, say): 501, as RFC 9110 (section 9.1) has it
    // for a method the server does not implement. (A line that is no request line, "HELLO THERE", is a 400 below.)
    answerRaw(socket, 501, '/graphql takes GET (queries) and POST (queries and mutations); the request\'s method is not one this server knows.', 'Allow: GET, HEAD, POST\r\n');
    return;
  }
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'The request is not valid HTTP/1.1.'];
  answerRaw(socket, status, message);
}

/** Writes a BAD_REQUEST answer on a socket Node's HTTP server has left to us, and closes it. */
function answerRaw(socket: Duplex, status: number, message: string, extraHeaders = ''): void {
  const body = JSON.stringify(errorBody('BAD_REQUEST', message));
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n${extraHeaders}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** True when the request failed because its client went away mid-body (Node's 'aborted' error, ECONNRESET). */
function clientAborted(req: http.IncomingMessage, error: unknown): boolean {
  return !req.complete && (error as NodeJS.ErrnoException | null)?.code === 'ECONNRESET';
}

/** The most header fields a request may have: browsers send about 20, and a proxy adds a few. */
export const MAX_HEADER_FIELDS = 200;

/**
 * Answers what the head of a request does not allow, as Node would not say it (see createHttpServer): an HTTP/1.1
 * request without Host (Node: 400 with an empty body), more than MAX_HEADER_FIELDS fields (Node dropped those past
 * the 2,000th without a word, a Content-Type among them); true when it did.
 */
function refusedHead(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.rawHeaders.length / 2 > MAX_HEADER_FIELDS) {
    sendJson(res, 431, errorBody('BAD_REQUEST', `A request may have at most ${MAX_HEADER_FIELDS} header fields; this one has ${req.rawHeaders.length / 2}.`), { connection: 'close' });
    return true;
  }
  const hosts = req.headersDistinct.host?.length ?? 0;
  if (hosts > 1) {
    // Node keeps the first and drops the others without a word; a proxy in front may have read another one.
    sendJson(res, 400, errorBody('BAD_REQUEST', `A request may have one Host header (RFC 9112, section 3.2); got ${hosts}.`), { connection: 'close' });
    return true;
  }
  if (hosts === 1 || req.httpVersion !== '1.1') return false;
  sendJson(res, 400, errorBody('BAD_REQUEST', 'An HTTP/1.1 request needs a Host header (RFC 9112, section 3.2); got none.'), { connection: 'close' });
  return true;
}

/**
 * The path and the query string (from its `?`, or empty) of a request's target. A target in absolute form
 * (`GET http://host/graphql?… HTTP/1.1`, as a client sends through a proxy) names the same resource as its
 * path, and a server must accept it (RFC 9112, section 3.2.2).
 */
export function requestTarget(target: string | undefined): { path: string; search: string } {
  let url = target ?? '/';
  // Origin form (`/graphql?…`), as nearly every request sends it, is taken as it is.
  if (!url.startsWith('/')) {
    const authority = /^https?:\/\/[^/?#]*/i.exec(url);
    if (authority) url = url.slice(authority[0].length) || '/';
    if (url.startsWith('?')) url = `/${url}`;
  }
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? { path: url, search: '' } : { path: url.slice(0, queryAt), search: url.slice(queryAt) };
}

/** Routes /graphql to Apollo and answers /healthz, /readyz and /metrics. */
export function requestListener(deps: HttpDeps): http.RequestListener {
  const checkAdmin = adminCheck(deps.adminToken);
  return async (req, res) => {
    if (refusedHead(req, res)) return;
    const { path, search } = requestTarget(req.url);
    deps.metrics.inFlight.inc();
    const stopTimer = path === '/graphql' ? deps.metrics.duration.startTimer() : undefined;
    try {
      switch (path) {
        case '/graphql':
          if (req.method === 'OPTIONS') {
            res.writeHead(204, CORS_HEADERS).end();
          } else {
            await answerGraphQL(req, res, search, deps, checkAdmin);
          }
          break;
        case '/healthz':
          sendJson(res, 200, { status: 'ok' });
          break;
        case '/readyz':
          await answerReady(res, deps);
          break;
        case '/metrics':
          res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
          res.end(await deps.metrics.registry.metrics());
          break;
        case '/':
          res.writeHead(302, { location: '/graphql' }).end();
          break;
        default:
          sendJson(res, 404, { error: `No such path: ${path}. The GraphQL API is at /graphql.` });
      }
    } catch (error) {
      if (clientAborted(req, error)) {
        // The client closed the connection before its body had arrived: nothing to answer, and nothing wrong here.
        deps.logger.debug('client closed the connection while sending its request', { path });
        res.destroy();
        return;
      }
      deps.logger.error('request failed', { path, ...describeError(error) });
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.destroy();
    } finally {
      stopTimer?.();
      deps.metrics.inFlight.dec();
      deps.metrics.requests.inc({ route: path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics' ? path : 'other', status: res.statusCode });
    }
  };
}

/** Answers while the database is not open yet: alive, not ready, and SERVICE_UNAVAILABLE for the API. */
export const waitingListener: http.RequestListener = (req, res) => {
  if (refusedHead(req, res)) return;
  const { path } = requestTarget(req.url);
  if (path === '/healthz') sendJson(res, 200, { status: 'ok' });
  else if (path === '/readyz') sendJson(res, 503, { status: 'waiting for the database' });
  else if (req.method === 'OPTIONS') res.writeHead(204, CORS_HEADERS).end();
  else sendJson(res, 503, { errors: [databaseFailureError('unavailable')] }, { ...CORS_HEADERS, 'retry-after': '5' });
};

async function answerReady(res: http.ServerResponse, deps: HttpDeps): Promise<void> {
  if (!deps.isAccepting()) {
    sendJson(res, 503, { status: 'shutting down' });
    return;
  }
  try {
    await withTimeout(deps.services.ping(), 2000);
    sendJson(res, 200, { status: 'ready' });
  } catch (error) {
    // The driver's message names hosts and users: it goes to the log, not to whoever asks.
    deps.logger.warn('readiness check: the database does not answer', describeError(error));
    sendJson(res, 503, { status: 'database unreachable' });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
