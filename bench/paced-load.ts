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
 * The accounting of a paced run, the same for every client: `total` requests, the first `warmup` untimed; each
 * settles once, answered (timed from when it was due) or failed; `done` resolves when all have.
 */
export class PacedTally {
  readonly warmup: number;
  readonly total: number;
  readonly done: Promise<void>;
  private readonly latenciesMs: number[] = [];
  private non2xx = 0;
  private errors = 0;
  private graphqlErrors = 0;
  private settledCount = 0;
  private allDone!: () => void;

  constructor(rate: number, seconds: number, private readonly warmupSeconds: number) {
    this.warmup = Math.round(rate * warmupSeconds);
    this.total = this.warmup + Math.round(rate * seconds);
    this.done = new Promise<void>((resolve) => (this.allDone = resolve));
  }

  /** Request `index`, due at `due`, was answered with `status` and `body`. */
  answered(index: number, due: number, status: number, body: Buffer): void {
    if (index >= this.warmup) {
      this.latenciesMs.push(performance.now() - due);
      if (status < 200 || status >= 300) this.non2xx++;
      else if (body.includes('"errors"')) this.graphqlErrors++;
    }
    this.settle();
  }

  /** Request `index` failed (its connection dropped, or timed out). */
  failed(index: number): void {
    if (index >= this.warmup) this.errors++;
    this.settle();
  }

  get settled(): number {
    return this.settledCount;
  }

  /** What the run measured, `started` being when its schedule started (performance.now()). */
  result(started: number): PacedResult {
    this.latenciesMs.sort((a, b) => a - b);
    const seconds = (performance.now() - started) / 1000 - this.warmupSeconds;
    return { seconds, requests: this.total - this.warmup, latenciesMs: this.latenciesMs, non2xx: this.non2xx, errors: this.errors, graphqlErrors: this.graphqlErrors };
  }

  private settle(): void {
    if (++this.settledCount === this.total) this.allDone();
  }
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
  const tally = new PacedTally(rate, seconds, warmupSeconds);
  const started = performance.now();
  const payload = Buffer.from(body);
  /** Sends request `index` (due at `due`); only those after the warm-up count. */
  const send = (index: number, due: number) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => tally.answered(index, due, res.statusCode ?? 0, Buffer.concat(chunks)));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => tally.failed(index));
    req.end(payload);
  };
  await paceSchedule(started, rate, tally.total, send);
  await tally.done;
  agent.destroy();
  return tally.result(started);
}

/**
 * Calls `send(i, due)` for requests 0 to total-1, request i when it is due (at started + i / rate, in
 * performance.now()'s milliseconds), and those due meanwhile together; resolves once the last is sent.
 */
export async function paceSchedule(started: number, rate: number, total: number, send: (index: number, due: number) => void): Promise<void> {
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
}

/** The q-quantile (0..1) of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
