import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../config/config';
import { describeError, Logger } from '../../logger';
import { ANSWERS_AGAIN, answering, firstContact, noteFailure, openRedis } from '../redis';
import type { Client } from './client-identity';

/** Budgets are per minute: a client's window starts with its first request and its points return when it ends. */
export const WINDOW_SECONDS = 60;

/** A client's budget after a charge, as the RateLimit headers tell it. */
export interface BudgetState {
  /** Points per window. */
  limit: number;
  remaining: number;
  /** Until the window ends and the budget is full again. */
  resetMs: number;
  /** The charge went past the budget: the request is refused. */
  spent: boolean;
}

/** Charges cost points to clients' budgets. */
export interface RateLimiter {
  /** Charges `points` to the client; null when the client has no budget (the admin, or rate limiting off). */
  charge(client: Client, points: number): Promise<BudgetState | null>;
  /** The client's whole budget, points per window; null when it has none. */
  budgetOf(client: Client): number | null;
  close(): Promise<void>;
}

/** The count of one kind of client: shared through Redis when there is one, with this process's count to fall back on. */
interface Budgets {
  points: number;
  shared: RateLimiterAbstract | null;
  local: RateLimiterAbstract;
}

function budgets(points: number, prefix: string, redis: Redis | null): Budgets {
  const options = { points, duration: WINDOW_SECONDS, keyPrefix: prefix };
  return {
    points,
    local: new RateLimiterMemory(options),
    shared: redis && new RateLimiterRedis({
      ...options,
      storeClient: redis,
      // Fail over at once while Redis is away instead of waiting for it.
      rejectIfRedisNotReady: true,
      // A client that spent its budget is refused from memory until its window ends: no Redis call per refusal.
      inMemoryBlockOnConsumed: points + 1,
    }),
  };
}

/** Makes the rate limiter: per process, or shared by every process through REDIS_URL (falling back, with a warning, while Redis is away). */
export function createRateLimiter(
  config: Pick<Config, 'rateLimitPoints' | 'rateLimitKeyPoints' | 'redisUrl' | 'redisKeyPrefix'>,
  logger: Logger,
): RateLimiter {
  const redis = config.redisUrl === null ? null : openRedis(config.redisUrl);
  let warnedAt = 0;
  const warn = (error: unknown) => {
    // Once a minute at most: while Redis is away every request would say so.
    if (Date.now() - warnedAt < WINDOW_SECONDS * 1000) return;
    warnedAt = Date.now();
    logger.warn('Redis does not answer: each process counts rate limits alone until it does', describeError(error));
  };
  redis?.on('error', warn);
  const untilFirstContact = redis && firstContact(redis);
  const answersAgain = () => {
    if (warnedAt !== 0) logger.info('Redis answers again: rate limits are shared by every process again');
    warnedAt = 0;
  };
  redis?.on('ready', answersAgain).on(ANSWERS_AGAIN, answersAgain);

  const prefix = `${config.redisKeyPrefix}rate:`;
  const byAddress = config.rateLimitPoints === 0 ? null : budgets(config.rateLimitPoints, `${prefix}address`, redis);
  const byKey = budgets(config.rateLimitKeyPoints, `${prefix}key`, redis);

  const consume = async (count: Budgets, key: string, points: number): Promise<BudgetState> => {
    let outcome: RateLimiterRes;
    let spent = false;
    const waiting = count.shared && untilFirstContact?.();
    if (waiting) await waiting;
    // A Redis that is away, or stopped answering, is not asked until it answers: each request would wait out its
    // timeout. The process counts alone meanwhile, and says so.
    if (count.shared && !answering(redis!)) {
      warn(new Error(redis!.status === 'ready' ? 'a command timed out; waiting for it to answer a PING' : `the connection is ${redis!.status}`));
      return consume({ ...count, shared: null }, key, points);
    }
    try {
      outcome = await (count.shared ?? count.local).consume(key, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        outcome = error;
        spent = true;
      } else {
        noteFailure(redis!, error);
        warn(error);
        return consume({ ...count, shared: null }, key, points);
      }
    }
    return { limit: count.points, remaining: outcome.remainingPoints, resetMs: outcome.msBeforeNext, spent };
  };

  /** The budgets a client is counted in, and its key there; null for the admin, and for addresses when unlimited. */
  const countOf = (client: Client): { count: Budgets; key: string } | null => {
    if (client.kind === 'admin') return null;
    if (client.kind === 'key') return { count: byKey, key: client.name };
    return byAddress && { count: byAddress, key: client.address };
  };

  return {
    async charge(client, points) {
      const counted = countOf(client);
      return counted && consume(counted.count, counted.key, points);
    },
    budgetOf(client) {
      return countOf(client)?.count.points ?? null;
    },
    async close() {
      redis?.disconnect();
    },
  };
}
