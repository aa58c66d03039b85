import { createHash } from 'node:crypto';
import type http from 'node:http';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { describeError, Logger } from '../logger';
import type { DataVersion } from './data-version';
import type { CacheFacts } from './caching/cache-control-plugin';
import { answering, everyMinuteAtMost, noteFailure } from './redis';

/** An answer as the cache keeps it: what /graphql sent, the cost its operation was charged, and what makes its caching headers. */
export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  cost: number | null;
  facts: AnswerFacts;
}

/** What the operation that made an answer was (see CacheFacts): its kind, its max-age, whether it failed. */
export type AnswerFacts = Pick<CacheFacts, 'operation' | 'maxAge' | 'failed'>;

/** Which way a cacheable request was answered, as /metrics counts it. */
export type CacheOutcome = 'memory' | 'redis' | 'coalesced' | 'miss';

/** What the cache needs to know of a request to tell whether, and under which key, its answer may be kept. */
export interface CacheableRequest {
  method: string;
  headers: http.IncomingHttpHeaders;
  /** The URL's query string, `?` included ('' when none). */
  search: string;
  /** The request body as sent ('' for GET). */
  body: string;
}

export interface ResponseCacheOptions {
  /** The most bytes of answers the process keeps; the least recently used go first. */
  maxBytes: number;
  /** How long an answer is kept at most, in memory and in Redis; the data version retires it sooner. */
  ttlMs: number;
  version: DataVersion;
  /**
   * What besides a request decides its answer on this process (the schema, and the settings that refuse or shape a
   * query: see answerPolicy in app.ts); part of every key, so processes share answers only where it is the same.
   */
  policy: string;
  /** Shared with other processes when given; a Redis that does not answer is a miss, never a failure. */
  redis: Redis | null;
  redisKeyPrefix: string;
  logger: Logger;
  /** Called once per cacheable request with the way it was answered. */
  count: (outcome: CacheOutcome) => void;
}

/**
 * The headers an answer depends on besides the body and query string: Accept picks the answer's media type,
 * Content-Type how the body is read, and the two preflight headers whether CSRF prevention lets a request run.
 */
const VARYING_HEADERS = ['accept', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'] as const;

/** A top-level `errors` key: JSON escapes quotes inside strings, so the bare `"errors":` is a key (or an alias named so). */
const ERRORS_KEY = '"errors":';

/**
 * Answers identical anonymous reads once: the answer to a query (same document, variables and varying headers,
 * never with an Authorization header) is kept in memory, LRU within a byte budget, and in Redis when there is
 * one, under the data version it was made at, so an answer made before the data last changed is never served.
 * Concurrent identical misses wait for the first one instead of running the query again.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  /** Misses being answered now, by key: identical requests that arrive meanwhile wait for the answer. */
  private readonly pending = new Map<string, Promise<CachedAnswer | null>>();
  private readonly warn = everyMinuteAtMost((error) =>
    this.options.logger.warn('Redis does not answer: the response cache keeps answers in this process only until it does', describeError(error)),
  );

  constructor(private readonly options: ResponseCacheOptions) {
    this.entries = new LRUCache<string, CachedAnswer>({
      maxSize: options.maxBytes,
      // An answer larger than a tenth of the budget would push out many others for one reader.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 10)),
      sizeCalculation: (answer) => answer.body.length + 200,
      ttl: options.ttlMs,
    });
    options.redis?.on('error', (error: unknown) => this.warn(error));
  }

  private redisFailed(redis: Redis, error: unknown): void {
    noteFailure(redis, error);
    this.warn(error);
  }

  /** The key of a request's answer under the current data version, or null when its answer must not be shared. */
  keyOf(request: CacheableRequest): string | null {
    if (request.headers.authorization !== undefined) return null;
    if (request.method !== 'GET' && request.method !== 'POST') return null;
    const hash = createHash('sha256').update(this.options.policy).update('\0').update(String(this.options.version.current())).update('\0').update(request.method);
    for (const name of VARYING_HEADERS) hash.update('\0').update(headerText(request.headers[name]));
    return hash.update('\0').update(request.search).update('\0').update(request.body).digest('base64url');
  }

  /**
   * The answer to the request under `key`: kept, being made for an identical request, or made now by `produce`,
   * which resolves to the answer and the facts that say whether it may be kept (a query's, without errors). Answers that may not
   * be kept are never shared with requests that waited: each of those runs its own.
   */
  async answer<A extends { status: number; headers: Record<string, string>; body: unknown }>(
    key: string,
    produce: () => Promise<{ answer: A; cost: number | null; facts: AnswerFacts }>,
  ): Promise<{ answer: CachedAnswer | A; outcome: CacheOutcome }> {
    const kept = this.entries.get(key);
    if (kept) return this.counted({ answer: kept, outcome: 'memory' });
    const running = this.pending.get(key);
    if (running) {
      // A miss that failed fails for its own request only; this one then runs on its own.
      const shared = await running.catch(() => null);
      if (shared) return this.counted({ answer: shared, outcome: 'coalesced' });
      return this.counted({ answer: (await produce()).answer, outcome: 'miss' });
    }
    let made: A | undefined;
    let outcome: CacheOutcome = 'miss';
    const making = (async (): Promise<CachedAnswer | null> => {
      const shared = await this.fromRedis(key);
      if (shared) {
        outcome = 'redis';
        this.entries.set(key, shared);
        return shared;
      }
      const produced = await produce();
      made = produced.answer;
      const keepable = toKeep(produced.answer, produced.cost, produced.facts);
      if (keepable) this.keep(key, keepable);
      return keepable;
    })();
    this.pending.set(key, making);
    try {
      const shared = await making;
      return this.counted({ answer: made ?? (shared as CachedAnswer), outcome });
    } finally {
      this.pending.delete(key);
    }
  }

  /** After a write of this process (a mutation): learns the data version it moved to before the next read. */
  async afterWrite(): Promise<void> {
    await this.options.version.refresh();
  }

  /** The bytes of answers kept in memory now. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  private counted<T extends { outcome: CacheOutcome }>(result: T): T {
    this.options.count(result.outcome);
    return result;
  }

  private keep(key: string, answer: CachedAnswer): void {
    this.entries.set(key, answer);
    const { redis, redisKeyPrefix, ttlMs } = this.options;
    if (!redis || !answering(redis)) return;
    redis.set(`${redisKeyPrefix}${key}`, encode(answer), 'PX', ttlMs).catch((error: unknown) => this.redisFailed(redis, error));
  }

  private async fromRedis(key: string): Promise<CachedAnswer | null> {
    const { redis, redisKeyPrefix } = this.options;
    // Not connected (yet, or any more), or not answering: answer from the database rather than wait for it.
    if (!redis || !answering(redis)) return null;
    try {
      const stored = await redis.getBuffer(`${redisKeyPrefix}${key}`);
      return stored && decode(stored);
    } catch (error) {
      this.redisFailed(redis, error);
      return null;
    }
  }
}

const headerText = (value: string | string[] | undefined) => (value === undefined ? '' : Array.isArray(value) ? value.join(', ') : value);

/**
 * The answer as the cache keeps it, or null when it may not be kept: not a query's, not a 200, streamed, with
 * errors, or one no cache may store (no max-age: `Cache-Control: no-store`, introspection among them).
 */
function toKeep(answer: { status: number; headers: Record<string, string>; body: unknown }, cost: number | null, facts: AnswerFacts): CachedAnswer | null {
  if (facts.operation !== 'query' || facts.failed || facts.maxAge <= 0 || answer.status !== 200 || !Buffer.isBuffer(answer.body)) return null;
  if (answer.body.includes(ERRORS_KEY)) return null;
  return { status: answer.status, headers: answer.headers, body: answer.body, cost, facts };
}

/** An answer in Redis: a line of JSON (status, headers, cost, facts), then the body's bytes. */
function encode(answer: CachedAnswer): Buffer {
  const head = JSON.stringify({ status: answer.status, headers: answer.headers, cost: answer.cost, facts: answer.facts });
  return Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), answer.body]);
}

function decode(stored: Buffer): CachedAnswer | null {
  const end = stored.indexOf(10);
  if (end === -1) return null;
  try {
    const head = JSON.parse(stored.subarray(0, end).toString('utf8')) as Omit<CachedAnswer, 'body'>;
    return { status: head.status, headers: head.headers, cost: head.cost, facts: head.facts, body: stored.subarray(end + 1) };
  } catch {
    return null;
  }
}
