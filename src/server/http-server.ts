import http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../graphql/context';
import { adminCheck, buildContext } from '../graphql/context';
import { databaseFailureError } from '../graphql/errors';
import { describeError, Logger } from '../logger';
import type { Services } from '../services';
import type { Metrics } from './metrics';

/** The largest request body /graphql reads; a query and its variables fit well within it. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpDeps {
  apollo: ApolloServer<Context>;
  services: Services;
  metrics: Metrics;
  logger: Logger;
  /** False while the server drains for shutdown, so /readyz takes it out of rotation. */
  isAccepting: () => boolean;
  /** The admin token mutations need; null disables them. */
  adminToken: string | null;
}

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name',
  'access-control-max-age': '86400',
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendRequestError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }, CORS_HEADERS);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new RequestError(413, `The request body must be at most ${MAX_BODY_BYTES} bytes; got ${declared}.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RequestError(413, `The request body must be at most ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  // Apollo decides what a body without a JSON content type means; it only needs JSON parsed.
  if (!contentType || !/^application\/(graphql-response\+)?json\b/i.test(contentType.trim())) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `The request body must be JSON such as {"query": "{ articles { totalCount } }"}: ${(error as Error).message}.`);
  }
}

async function answerGraphQL(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  search: string,
  deps: HttpDeps,
  checkAdmin: ReturnType<typeof adminCheck>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = req.method === 'POST' ? parseBody(await readBody(req), req.headers['content-type']) : undefined;
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
    context: async () => buildContext(deps.services, checkAdmin, req.headers.authorization),
  });
  const out: Record<string, string> = { ...CORS_HEADERS };
  for (const [name, value] of result.headers) out[name] = value;
  if (!deps.isAccepting()) out.connection = 'close';
  if (result.body.kind === 'complete') {
    // Encoded once: measuring the length of the string and then writing it would walk it twice.
    const body = Buffer.from(result.body.string, 'utf8');
    out['content-length'] = String(body.length);
    res.writeHead(result.status ?? 200, out);
    res.end(body);
    return;
  }
  res.writeHead(result.status ?? 200, out);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Routes /graphql to Apollo and answers /healthz, /readyz and /metrics. */
export function requestListener(deps: HttpDeps): http.RequestListener {
  const checkAdmin = adminCheck(deps.adminToken);
  return async (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
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
      if (error instanceof RequestError) {
        sendRequestError(res, error.status, error.message);
      } else {
        deps.logger.error('request failed', { path, ...describeError(error) });
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.destroy();
      }
    } finally {
      stopTimer?.();
      deps.metrics.inFlight.dec();
      deps.metrics.requests.inc({ route: path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics' ? path : 'other', status: res.statusCode });
    }
  };
}

/** Answers while the database is not open yet: alive, not ready, and SERVICE_UNAVAILABLE for the API. */
export const waitingListener: http.RequestListener = (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
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
    sendJson(res, 503, { status: 'database unreachable', error: (error as Error).message });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
