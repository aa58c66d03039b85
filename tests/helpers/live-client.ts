import { createClient, type Client, type FormattedExecutionResult as ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** The ws:// URL of a server's /graphql. */
export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** How a connection ended: its close code and reason. */
export interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws client (the library's own) on a server's /graphql, which does not retry unless told to. */
export function liveClient(httpUrl: string, options: { retryAttempts?: number; headers?: Record<string, string> } = {}): Client & { closed: Promise<Closed> } {
  let closedWith: (closed: Closed) => void = () => undefined;
  const closed = new Promise<Closed>((resolve) => (closedWith = resolve));
  class HeaderedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: options.headers });
    }
  }
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: HeaderedWebSocket,
    retryAttempts: options.retryAttempts ?? 0,
    retryWait: async () => new Promise((done) => setTimeout(done, 200)),
    shouldRetry: () => true,
    lazy: false,
    on: { closed: (event) => closedWith({ code: (event as CloseEvent).code, reason: String((event as CloseEvent).reason) }) },
    onNonLazyError: () => undefined,
  });
  return Object.assign(client, { closed });
}

/** A running subscription: what arrived so far, and a way to wait for more. */
export interface Subscription<T> {
  results: ExecutionResult<T, unknown>[];
  /** The data of every event so far (results with data). */
  data(): T[];
  /** Waits until `count` results have arrived (or the subscription ended); rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ExecutionResult<T, unknown>[]>;
  /** Resolves when the server completes the subscription or it fails; with the error when it failed. */
  ended: Promise<unknown>;
  /** Completes it from the client's side. */
  stop(): void;
}

/** Subscribes with `variables`, a live object: graphql-ws sends it again as it is when it resubscribes after a reconnect. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const results: ExecutionResult<T, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let endedWith: (value: unknown) => void = () => undefined;
  let done = false;
  const ended = new Promise<unknown>((resolve) => (endedWith = resolve));
  const wake = () => waiters.splice(0).forEach((waiter) => waiter());
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result);
        wake();
      },
      error: (error) => {
        done = true;
        endedWith(error);
        wake();
      },
      complete: () => {
        done = true;
        endedWith(undefined);
        wake();
      },
    },
  );
  return {
    results,
    data: () => results.flatMap((result) => (result.data ? [result.data] : [])),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count && !done) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Expected ${count} results within ${timeoutMs} ms; got ${results.length}: ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
      return results.slice(0, count);
    },
    ended,
    stop,
  };
}

/**
 * Waits until the server at `httpUrl` runs at least (or, with 'at most', at most) `count` subscriptions (its
 * newsline_live_subscriptions gauge): a subscription counted there has fixed where it starts, so what is written next reaches it.
 */
export async function subscriptionsRunning(httpUrl: string, count: number, timeoutMs = 10_000, bound: 'at least' | 'at most' = 'at least'): Promise<void> {
  const metrics = httpUrl.replace(/\/graphql$/, '/metrics');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(metrics)).text();
    const running = Number(/^newsline_live_subscriptions (\S+)$/m.exec(text)?.[1] ?? 0);
    if (bound === 'at least' ? running >= count : running <= count) return;
    if (Date.now() > deadline) throw new Error(`The server ran ${running} subscriptions after ${timeoutMs} ms; expected ${bound} ${count}.`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
