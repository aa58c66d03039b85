import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sqlStatements } from '../db/statement-counter';

/** The Prometheus metrics one server exposes at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'newsline_http_requests_total',
    help: 'HTTP requests answered, by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'newsline_graphql_request_duration_seconds',
    help: 'Time to answer a /graphql request.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'newsline_http_requests_in_flight',
    help: 'HTTP requests being answered now.',
    registers: [this.registry],
  });

  readonly cacheHits = new Counter({
    name: 'newsline_response_cache_hits_total',
    help: 'Anonymous queries answered from the response cache: kept in this process (memory), in Redis (redis), or waiting for an identical query in flight (coalesced).',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });
  readonly cacheMisses = new Counter({
    name: 'newsline_response_cache_misses_total',
    help: 'Anonymous queries the response cache could have answered but did not hold: they ran.',
    registers: [this.registry],
  });
  /** Reads the bytes the response cache keeps, when /metrics is asked; set where the cache is made. */
  cacheSize: () => number = () => 0;
  readonly cacheBytes: Gauge = new Gauge({
    name: 'newsline_response_cache_bytes',
    help: 'Bytes of answers kept in the response cache of this process.',
    registers: [this.registry],
    collect: (): void => this.cacheBytes.set(this.cacheSize()),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsline_' });
    new Counter({
      name: 'newsline_sql_statements_total',
      help: 'SQL statements this process has sent to its database.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(sqlStatements.total);
      },
    });
  }
}
