// autocannon ships no types; this declares the part of its programmatic API the benchmark uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      pipelining?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds a request may take before it counts as a timeout. */
      timeout?: number;
      /** Requests per second from all connections together; none: as fast as answers come. */
      overallRate?: number;
      /** Returns false for a response body that counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
    }

    /** Percentiles of one measure; latency is in milliseconds. */
    interface Stats {
      average: number;
      mean: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      /** Seconds the run lasted. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      latency: Stats;
      /** `total` is the number of completed requests; `sent` the number sent. */
      requests: Stats & { sent: number };
      throughput: Stats;
    }

    type Instance = EventEmitter & PromiseLike<Result>;
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
