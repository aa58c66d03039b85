import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { feedRequest, FeedWindow } from './feed';
import type { PacedClient } from './options';
import { quantile, runPaced } from './paced-load';
import { runPacedRaw } from './raw-paced-load';
import type { BenchServer } from './server';

/** What one load run at one concurrency measured. */
export interface LoadRow {
  /** The server it loaded: `baseline`, `cold` or `warm`. */
  target: string;
  concurrency: number;
  /** The fixed rate asked for, in requests per second; null when requests are sent as fast as answered. */
  rate: number | null;
  /** The fixed-rate run's client (see PacedClient); absent for runs as fast as answered (autocannon). */
  client?: PacedClient;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  /** 2xx answers whose body carries GraphQL errors. */
  graphqlErrors: number;
  /** SQL statements the server sent, per /graphql request it answered (NaN for the baseline, which has no /metrics). */
  sqlPerRequest: number;
}

const SQL_TOTAL = 'newsline_sql_statements_total';
const IN_FLIGHT = 'newsline_http_requests_in_flight';
const GRAPHQL_ANSWERED = /^newsline_http_requests_total\{.*route="\/graphql"/;

/** The server's counters a load run is measured by. */
async function counters(server: BenchServer): Promise<{ sql: number; graphql: number }> {
  // Requests autocannon abandoned at the end of a run may still be running; wait (a bounded while) for
  // them, so their statements count in this run and not the next. The /metrics request itself is in flight.
  let samples = await server.metrics();
  for (let i = 0; i < 50 && (samples.get(IN_FLIGHT) ?? 0) > 1; i++) {
    await sleep(100);
    samples = await server.metrics();
  }
  const sql = samples.get(SQL_TOTAL);
  if (sql === undefined) throw new Error(`/metrics has no ${SQL_TOTAL}; it cannot count SQL statements per request.`);
  let graphql = 0;
  for (const [name, value] of samples) if (GRAPHQL_ANSWERED.test(name)) graphql += value;
  return { sql, graphql };
}

/**
 * Drives the feed query over keep-alive connections for `seconds`, and measures it: as fast as the server answers,
 * or at a fixed overall `rate` (requests per second), where latency counts from when each request was due.
 */
export async function runLoad(server: BenchServer, window: FeedWindow, concurrency: number, seconds: number, rate: number | null = null, client: PacedClient = 'lean'): Promise<LoadRow> {
  if (rate !== null) return runFixedRate(server, window, seconds, rate, client);
  const before = server.hasMetrics ? await counters(server) : null;
  const result = await autocannon({
    url: `${server.origin}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(feedRequest(window)),
    connections: concurrency,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    // JSON escapes quotes inside strings, so `"errors"` only appears as the top-level errors key.
    verifyBody: (body) => !body.includes('"errors"'),
  });
  server.assertAlive();
  const after = before && (await counters(server));
  const answered = before && after ? after.graphql - before.graphql : 0;
  return {
    target: server.name,
    concurrency,
    rate,
    seconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.mismatches,
    sqlPerRequest: before && after && answered > 0 ? (after.sql - before.sql) / answered : NaN,
  };
}

/** Connections of the lean client's pool; the most node:http's agent may open. */
const LEAN_CONNECTIONS = 64;
const NODE_MAX_SOCKETS = 256;

/**
 * Drives the feed query at a fixed rate, evenly spaced and open-loop (see runPaced and runPacedRaw), with latency from
 * when each request was due, in fractions of a millisecond. `concurrency` in the row is the connections of the lean
 * client's pool, or the most node:http's agent may open.
 */
async function runFixedRate(server: BenchServer, window: FeedWindow, seconds: number, rate: number, client: PacedClient): Promise<LoadRow> {
  const before = server.hasMetrics ? await counters(server) : null;
  const url = `${server.origin}/graphql`;
  const body = JSON.stringify(feedRequest(window));
  const result = client === 'lean' ? await runPacedRaw(url, body, rate, seconds, LEAN_CONNECTIONS) : await runPaced(url, body, rate, seconds, NODE_MAX_SOCKETS);
  server.assertAlive();
  const after = before && (await counters(server));
  const answered = before && after ? after.graphql - before.graphql : 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    target: server.name,
    concurrency: client === 'lean' ? LEAN_CONNECTIONS : NODE_MAX_SOCKETS,
    client,
    rate,
    seconds: result.seconds,
    requests: result.requests,
    requestsPerSecond: result.requests / result.seconds,
    p50Ms: round(quantile(result.latenciesMs, 0.5)),
    p99Ms: round(quantile(result.latenciesMs, 0.99)),
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors: result.graphqlErrors,
    sqlPerRequest: before && after && answered > 0 ? (after.sql - before.sql) / answered : NaN,
  };
}
