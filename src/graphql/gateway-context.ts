import { dirname, join } from 'node:path';

/**
 * Apollo hands the gateway executor (ours runs graphql-jit, see jit-executor.ts) a request context it builds per
 * request in `makeGatewayGraphQLRequestContext`, whose `response.http` is an object literal with a `status` getter
 * and setter. Under Node 20 and 24 (V8 11.3 and 13.6) each such literal gets a hidden class of its own, held from the old generation
 * until the next full collection, and through its accessors' closures it held the request's whole context (loaders,
 * rows, results): a cold feed request promoted about 45 KB to the old generation, and each young collection copied
 * 7 MB, with pauses of 15 to 20 ms every 0.3 s at 480 requests a second on Node 20 (bench/README.md).
 *
 * This replaces that function, on the CommonJS module Apollo's request pipeline reads it from at each call, by the
 * same context built from classes (`status` on a prototype). It is Apollo 5's own code otherwise;
 * `gatewayContextInstalled()` says whether the replacement took (a test checks it, so an Apollo that moves the function
 * is noticed).
 */

interface HeaderMapLike {
  has(name: string): boolean;
  get(name: string): string | undefined;
  set(name: string, value: string): unknown;
  delete(name: string): unknown;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
}

/** Apollo's adapter of its HeaderMap to the Fetch API's Headers, as gateways expect. */
class FetcherHeadersForHeaderMap {
  constructor(private readonly map: HeaderMapLike) {}
  append(name: string, value: string): void {
    this.map.set(name, this.map.has(name) ? `${this.map.get(name)}, ${value}` : value);
  }
  delete(name: string): void {
    this.map.delete(name);
  }
  get(name: string): string | null {
    return this.map.get(name) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  set(name: string, value: string): void {
    this.map.set(name, value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** The response head a gateway may read and set: its status goes to the request's own head. */
class GatewayResponseHttp {
  readonly headers: FetcherHeadersForHeaderMap;
  constructor(private readonly http: { headers: HeaderMapLike; status?: number }) {
    this.headers = new FetcherHeadersForHeaderMap(http.headers);
  }
  get status(): number | undefined {
    return this.http.status;
  }
  set status(status: number | undefined) {
    this.http.status = status;
  }
}

/** Apollo 5's function, the same fields, `response.http` a class instance. (Apollo's internal context types are not exported.) */
function makeGatewayGraphQLRequestContext(newRequestContext: any, server: any, internals: any): unknown {
  const source = newRequestContext.request;
  const request: Record<string, unknown> = {};
  if ('query' in source) request.query = source.query;
  if ('operationName' in source) request.operationName = source.operationName;
  if ('variables' in source) request.variables = source.variables;
  if ('extensions' in source) request.extensions = source.extensions;
  if (source.http) {
    const http = source.http;
    const needQuestion = http.search !== '' && !http.search.startsWith('?');
    request.http = { method: http.method, url: `https://unknown-url.invalid/${needQuestion ? '?' : ''}${http.search}`, headers: new FetcherHeadersForHeaderMap(http.headers) };
  }
  return {
    request,
    response: { http: new GatewayResponseHttp(newRequestContext.response.http) },
    logger: server.logger,
    schema: newRequestContext.schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    context: newRequestContext.contextValue,
    cache: server.cache,
    queryHash: newRequestContext.queryHash,
    document: newRequestContext.document,
    source: newRequestContext.source,
    operationName: newRequestContext.operationName,
    operation: newRequestContext.operation,
    errors: newRequestContext.errors,
    metrics: newRequestContext.metrics,
    debug: internals.includeStacktraceInErrorResponses,
    overallCachePolicy: newRequestContext.overallCachePolicy,
    requestIsBatched: newRequestContext.requestIsBatched,
  };
}

const MODULE = join(dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js');

/** Apollo's CommonJS module of the function, as its request pipeline requires it; null when it is not where it was. */
function apolloModule(): { makeGatewayGraphQLRequestContext?: unknown } | null {
  try {
    return require(MODULE) as { makeGatewayGraphQLRequestContext?: unknown };
  } catch {
    return null;
  }
}

/** Puts the class-based context builder in place of Apollo's (nothing, when Apollo's module has no such function). */
export function installGatewayContext(): void {
  const found = apolloModule();
  if (typeof found?.makeGatewayGraphQLRequestContext === 'function') found.makeGatewayGraphQLRequestContext = makeGatewayGraphQLRequestContext;
}

/** Whether Apollo's pipeline builds gateway contexts with this module's function. */
export function gatewayContextInstalled(): boolean {
  return apolloModule()?.makeGatewayGraphQLRequestContext === makeGatewayGraphQLRequestContext;
}
