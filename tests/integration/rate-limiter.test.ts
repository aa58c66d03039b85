import type { Config } from '../../src/config/config';
import type { Logger } from '../../src/logger';
import { budgetAddress, Client } from '../../src/server/limits/client-identity';
import { createRateLimiter, RateLimiter } from '../../src/server/limits/rate-limiter';
import { freePort } from '../helpers/free-port';
import { recordingLogger } from '../helpers/recording-logger';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix, relayedRedisUrl } from '../helpers/redis';
import { startSilentServer, startTcpRelay } from '../helpers/tcp-relay';
import Redis from 'ioredis';

type LimiterConfig = Pick<Config, 'rateLimitPoints' | 'rateLimitKeyPoints' | 'redisUrl' | 'redisKeyPrefix'>;

const address = (value: string): Client => ({ kind: 'address', address: value });
const remainingAfter = async (limiter: RateLimiter, client: Client, charges: number[]) => {
  const left = [];
  for (const points of charges) {
    const state = await limiter.charge(client, points);
    left.push(state && [state.remaining, state.spent]);
  }
  return left;
};

const limiters: RateLimiter[] = [];
const prefixes = new Set<string>();
const make = (config: Partial<LimiterConfig>, logger: Logger = recordingLogger()) => {
  const settings = { rateLimitPoints: 100, rateLimitKeyPoints: 1000, redisUrl: null, redisKeyPrefix: uniquePrefix(), ...config };
  const limiter = createRateLimiter(settings, logger);
  limiters.push(limiter);
  prefixes.add(settings.redisKeyPrefix);
  return limiter;
};
afterAll(async () => {
  await Promise.all(limiters.map((limiter) => limiter.close()));
  for (const prefix of prefixes) await deleteKeys(prefix);
});

describe('the in-process limiter (no REDIS_URL)', () => {
  it('charges each client its own budget and says when a charge goes past it', async () => {
    const limiter = make({});
    expect(await remainingAfter(limiter, address('192.0.2.1'), [60, 40, 1])).toEqual([[40, false], [0, false], [0, true]]);
    expect(await remainingAfter(limiter, address('192.0.2.2'), [60])).toEqual([[40, false]]);
    expect(await remainingAfter(limiter, { kind: 'key', name: 'mobile' }, [60])).toEqual([[940, false]]);
  });

  it('has no budget for the admin, nor for addresses when RATE_LIMIT_POINTS is 0', async () => {
    const limiter = make({ rateLimitPoints: 0 });
    expect(await limiter.charge({ kind: 'admin' }, 5000)).toBeNull();
    expect(await limiter.charge(address('192.0.2.1'), 5000)).toBeNull();
    expect(await limiter.charge({ kind: 'key', name: 'mobile' }, 5000)).toEqual({ limit: 1000, remaining: 0, resetMs: expect.any(Number), spent: true });
  });

  it('gives its window: the points return within a minute', async () => {
    const state = await make({}).charge(address('192.0.2.1'), 1);
    expect(state?.resetMs).toBeGreaterThan(59_000);
    expect(state?.resetMs).toBeLessThanOrEqual(60_000);
  });
});

/** Waits until a limiter's charges reach Redis: until its connection is ready it counts in the process. */
async function untilShared(limiter: RateLimiter, prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for (let tries = 0; tries < 100; tries++) {
      const probe = `probe-${tries}-${Math.random()}`;
      await limiter.charge(address(probe), 1);
      if ((await redis.get(`${prefix}rate:address:${probe}`)) === '1') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The limiter never reached Redis');
  } finally {
    redis.disconnect();
  }
}

describe('limiters sharing one Redis (REDIS_URL)', () => {
  const prefix = uniquePrefix();

  it('share one budget per client when they share a key prefix, and not otherwise', async () => {
    const other = uniquePrefix();
    const [one, two] = [make({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix }), make({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix })];
    const elsewhere = make({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: other });
    const client = address('198.51.100.1');
    await Promise.all([untilShared(one, prefix), untilShared(two, prefix), untilShared(elsewhere, other)]);
    expect(await remainingAfter(one, client, [60])).toEqual([[40, false]]);
    expect(await remainingAfter(two, client, [30, 20])).toEqual([[10, false], [0, true]]);
    expect(await remainingAfter(one, client, [1])).toEqual([[0, true]]);
    expect(await remainingAfter(elsewhere, client, [60])).toEqual([[40, false]]);
  });
});

describe('when Redis is away', () => {
  it('counts in the process, warns once, and never throws, when nothing listens at REDIS_URL', async () => {
    const closed = await freePort();
    const logger = recordingLogger();
    const limiter = make({ redisUrl: `redis://127.0.0.1:${closed}` }, logger);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await remainingAfter(limiter, address('198.51.100.2'), [60, 40, 1])).toEqual([[40, false], [0, false], [0, true]]);
    expect(logger.warnings).toEqual(['Redis does not answer: each process counts rate limits alone until it does']);
  });

  it('falls back within its command timeout when Redis accepts connections but never answers', async () => {
    const silent = await startSilentServer();
    try {
      const logger = recordingLogger();
      const limiter = make({ redisUrl: `redis://127.0.0.1:${silent.port}` }, logger);
      const started = Date.now();
      expect(await remainingAfter(limiter, address('198.51.100.3'), [60])).toEqual([[40, false]]);
      // Nothing but the command timeout (250 ms) ends the wait; generous for a loaded machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(logger.warnings).toEqual(['Redis does not answer: each process counts rate limits alone until it does']);
      await limiter.close();
    } finally {
      await silent.close();
    }
  });
});

describe('a Redis that hangs after it answered', () => {
  it('costs one command timeout, not one per request, and is shared again once it answers', async () => {
    const { hostname, port } = new URL(TEST_REDIS_URL);
    const relay = await startTcpRelay({ host: hostname, port: Number(port || 6379) }, { open: true });
    try {
      const logger = recordingLogger();
      const redisKeyPrefix = uniquePrefix();
      const limiter = make({ redisUrl: relayedRedisUrl(relay.port), redisKeyPrefix }, logger);
      // Another process, on Redis directly: it sees what the first one counts while Redis answers.
      const other = make({ redisUrl: TEST_REDIS_URL, redisKeyPrefix });
      const client = address('198.51.100.9');
      expect(await remainingAfter(limiter, client, [10])).toEqual([[90, false]]);

      relay.freeze({ hold: true });
      const started = Date.now();
      // Twelve requests while it hangs: the first waits out the 250 ms timeout, the others do not ask it.
      expect(await remainingAfter(limiter, client, Array(12).fill(1))).toEqual(Array.from({ length: 12 }, (_, n) => [99 - n, false]));
      expect(Date.now() - started).toBeLessThan(12 * 250);
      expect(logger.warnings).toEqual(['Redis does not answer: each process counts rate limits alone until it does']);

      relay.thaw();
      // Asked again within a second or so (a PING every second); then the count is the shared one again.
      const deadline = Date.now() + 10_000;
      let shared: [number, boolean] | null = null;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        [shared] = (await remainingAfter(limiter, client, [1])) as [number, boolean][];
        if (shared[0] < 80) break;
      }
      // 10 counted in Redis before the hang, and the charges of 1 after it: the shared count, not the process's.
      expect(shared![0]).toBeLessThan(90);
      expect((await remainingAfter(other, client, [0]))[0]![0]).toBe(shared![0]);
      expect(logger.infos).toEqual(['Redis answers again: rate limits are shared by every process again']);
    } finally {
      await relay.cut();
    }
  });
});

describe('the address a budget is kept for', () => {
  it.each([
    ['IPv4 as it is', '203.0.113.9', '203.0.113.9'],
    ['IPv4-mapped IPv6 as IPv4', '::ffff:203.0.113.9', '203.0.113.9'],
    ['IPv6 by its /64', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['the other end of the same /64', '2001:db8:1:2:ffff:ffff:ffff:fffe', '2001:db8:1:2::/64'],
    ['loopback IPv6', '::1', '::/64'],
  ])('%s', (_name, input, expected) => {
    expect(budgetAddress(input)).toBe(expected);
  });
});
