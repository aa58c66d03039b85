import { InMemoryLRUCache, KeyValueCache } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';
import { describeError, Logger } from '../../logger';
import { MAX_PERSISTED_QUERY_BYTES } from './persisted-documents';
import { answering, everyMinuteAtMost, firstContact, noteFailure, openRedis } from '../redis';

/** Bytes of query text the store keeps in each process's memory; the least recently used go first. */
export const PERSISTED_QUERY_MEMORY_BYTES = 16 * 1024 * 1024;

/**
 * How long Redis keeps a registered query; a client that asks for it later registers it again. An hour: what one
 * client can make Redis keep is what its rate budget pays for in an hour (see registrationPoints).
 */
export const PERSISTED_QUERY_TTL_SECONDS = 60 * 60;

/**
 * The store of automatic persisted queries (hash -> query text) that Apollo reads and registers into: each process
 * keeps what it has seen in a bounded memory, and with Redis the queries any process registered are shared, so a
 * client need register a query once for all processes. A Redis that is away (or slower than its command timeout)
 * fails nothing: a query not in memory is then unknown (the client sends it again with its hash) and registering
 * goes to memory alone, with a warning in the log at most once a minute.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  private readonly memory = new InMemoryLRUCache<string>({ maxSize: PERSISTED_QUERY_MEMORY_BYTES });
  private readonly redis: Redis | null;
  private readonly untilFirstContact: (() => Promise<void> | null) | null;
  private readonly warn = everyMinuteAtMost((error) =>
    this.logger.warn('Redis does not answer: persisted queries are kept in each process alone until it does', describeError(error)),
  );

  /** Keeps queries in memory, and in the Redis at `redisUrl` (under `keyPrefix`) when there is one. */
  constructor(
    redisUrl: string | null,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = redisUrl === null ? null : openRedis(redisUrl);
    this.redis?.on('error', (error) => this.warn(error));
    this.untilFirstContact = this.redis && firstContact(this.redis);
  }

  async get(key: string): Promise<string | undefined> {
    const known = await this.memory.get(key);
    if (known !== undefined || !(await this.shared())) return known;
    try {
      const shared = await this.redis!.get(this.keyPrefix + key);
      if (shared === null) return undefined;
      await this.memory.set(key, shared);
      return shared;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    // Too long to keep (the request that sent it runs all the same): see MAX_PERSISTED_QUERY_BYTES.
    if (Buffer.byteLength(value) > MAX_PERSISTED_QUERY_BYTES) return;
    await this.memory.set(key, value);
    if (!(await this.shared())) return;
    await this.redis!.set(this.keyPrefix + key, value, 'EX', PERSISTED_QUERY_TTL_SECONDS).catch((error: unknown) => this.failed(error));
  }

  async delete(key: string): Promise<boolean | void> {
    await this.memory.delete(key);
    if (!(await this.shared())) return;
    await this.redis!.del(this.keyPrefix + key).catch((error: unknown) => this.failed(error));
  }

  /** Whether to ask Redis now: there is one, its first contact is over, and it answers. */
  private async shared(): Promise<boolean> {
    if (!this.redis) return false;
    await this.untilFirstContact?.();
    return answering(this.redis);
  }

  private failed(error: unknown): void {
    noteFailure(this.redis!, error);
    this.warn(error);
  }

  /** Closes the Redis connection. */
  close(): void {
    this.redis?.disconnect();
  }
}
