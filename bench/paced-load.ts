import http from 'node:http';

/** What a paced run measured: latencies in ms, each from when its request was due. */
export interface PacedResult {
  seconds: number;
  requests: number;
  latenciesMs: number[];
  non2xx: number;
  errors: number;
  /** 2xx answers whose body carries GraphQL errors. */
  graphqlErrors: number;
}

/**
 * Sends POSTs at a fixed rate, evenly spaced (request i is due at start + i / rate), over a keep-alive pool large
 * enough that no request waits for another's connection, and times each from when it was due to its last byte: an
 * open-loop load, as users arrive, where a slow answer delays no later request and a late send counts against
 * the server (no coordinated omission).
 *
 * The first `warmupSeconds` of the schedule are sent at the same rate but not timed: they open the pool's
 * connections. Started cold, a run at 700 req/s opened about 150 connections in its first quarter second, each
 * request of them waiting for its connection and for the client's first compilations (up to 460 ms), so the p99 of a
 * 10-second run was the start's, not the rate's (measured on the development machine, 2026-12-01).
 *
 * autocannon's `overallRate` is not that: each of its connections sends back to back until it has made its share
 * of the second, then waits for the next second, so "half the saturation rate" is full saturation for half of each
 * second, and its p99 is the p99 of a saturated server.
 */
export async function runPaced(url: string, body: string, rate: number, seconds: number, maxSockets = 256, warmupSeconds = 2): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  const warmup = Math.round(rate * warmupSeconds);
  const total = warmup + Math.round(rate * seconds);
  const latenciesMs: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let graphqlErrors = 0;
  let settled = 0;
  const started = performance.now();
  const payload = Buffer.from(body);
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const settle = () => {
    if (++settled === total) allDone();
  };
  /** Sends request `index` (due at `due`); only those after the warm-up count. */
  const send = (index: number, due: number) => {
    const timed = index >= warmup;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (timed) {
            latenciesMs.push(performance.now() - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
            else if (Buffer.concat(chunks).includes('"errors"')) graphqlErrors++;
          }
          settle();
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (timed) errors++;
      settle();
    });
    req.end(payload);
  };
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now goes out; timers fire late by up to a millisecond or so.
      while (next < total && started + (next * 1000) / rate <= now) {
        send(next, started + (next * 1000) / rate);
        next++;
      }
      if (next >= total) return resolve();
      const wait = started + (next * 1000) / rate - performance.now();
      if (wait >= 1) setTimeout(tick, Math.floor(wait));
      else setImmediate(tick);
    };
    tick();
  });
  await done;
  agent.destroy();
  latenciesMs.sort((a, b) => a - b);
  return { seconds: (performance.now() - started) / 1000 - warmupSeconds, requests: total - warmup, latenciesMs, non2xx, errors, graphqlErrors };
}

/** The q-quantile (0..1) of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
