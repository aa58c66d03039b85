import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis the tests share: TEST_REDIS_URL, or the one on this machine. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** TEST_REDIS_URL reached through a relay on 127.0.0.1:`port`: its database number and password kept. */
export function relayedRedisUrl(port: number): string {
  const url = new URL(TEST_REDIS_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/** A key prefix no other test run uses. */
export const uniquePrefix = () => `newsline_test_${process.pid}_${randomBytes(4).toString('hex')}:`;

/** Deletes every key under a prefix (what a test wrote). */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
