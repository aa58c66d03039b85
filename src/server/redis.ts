import Redis from 'ioredis';

/** How long a Redis command may take before the request goes on without it. */
const REDIS_COMMAND_TIMEOUT_MS = 250;

/** The longest opening the connection may take; the first requests of the rate limiter wait this long for it. */
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

/** How often a connection whose command timed out is asked (PING) whether it answers again. */
export const REDIS_PROBE_EVERY_MS = 1000;

/**
 * A connection to the Redis that processes share rate limits and answers through. It never queues a command
 * while disconnected and gives up on one after 250 ms, so a Redis that is away costs a request that long at most;
 * it reconnects by itself. Its users ask it only while it answers (`answering`) and tell it of their failures
 * (`noteFailure`): a Redis that stays connected but stops answering then costs one command's timeout, not one per
 * request for as long as it hangs. Listen for 'error' on it (an unhandled one would end the process).
 */
export function openRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
  });
  // The client goes on in database 0 when the server refuses the URL's (it reports the refusal as an error):
  // rate limits, answers and queries would be written where they were not meant to be. It is closed instead.
  redis.on('error', (error: unknown) => {
    if (!isWrongDatabase(error)) return;
    wrongDatabase.add(redis);
    redis.disconnect();
  });
  return redis;
}

/** Connections closed because the server refused the database their URL names. */
const wrongDatabase = new WeakSet<Redis>();

function isWrongDatabase(error: unknown): boolean {
  return error instanceof Error && /DB index is out of range|invalid DB index/i.test(error.message);
}

/**
 * Checks, at start, that the Redis at `url` takes the database the URL names: a ConfigError-worthy message when it
 * refuses it, null when it takes it or cannot be reached now (a Redis that is away is waited for, as ever).
 */
export async function redisDatabaseProblem(url: string): Promise<string | null> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, retryStrategy: () => null });
  const refused = new Promise<string>((resolve) => redis.on('error', (error: unknown) => isWrongDatabase(error) && resolve((error as Error).message)));
  const check = async (): Promise<string | null> => {
    await redis.connect();
    // ioredis selects the database as it connects, and reports a refusal as an error; a PING is answered after it.
    await redis.ping();
    return Promise.race([refused, new Promise<null>((resolve) => setTimeout(() => resolve(null), 50))]);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    // A Redis that accepts the connection but does not answer is not waited for here.
    // (The check may fail after the race is over, when the connection is closed below: that failure says nothing.)
    return await Promise.race([check().catch(() => null), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REDIS_CONNECT_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

/** The event a connection emits when it answers again after a command timed out on it (as 'ready' after a reconnection). */
export const ANSWERS_AGAIN = 'newsline:answers-again';

/** Connections a command timed out on, until a PING answers within the command timeout. */
const silent = new WeakSet<Redis>();

/** Whether to send a command to this Redis now: connected, and not silent since a command timed out on it. */
export function answering(redis: Redis): boolean {
  return redis.status === 'ready' && !silent.has(redis) && !wrongDatabase.has(redis);
}

/**
 * Notes a command that failed. A timeout (connected, no answer) makes the connection silent: its users go on
 * without it, and a PING every REDIS_PROBE_EVERY_MS tells when it answers again. Other failures change nothing: a
 * Redis that is away is not 'ready', and an error reply is an answer.
 */
export function noteFailure(redis: Redis, error: unknown): void {
  if (silent.has(redis) || !(error instanceof Error) || error.message !== 'Command timed out') return;
  silent.add(redis);
  const probe = () => {
    // A connection closed for good (the process stopping) is not asked again.
    if (redis.status === 'end') return;
    redis.ping().then(
      () => {
        silent.delete(redis);
        redis.emit(ANSWERS_AGAIN);
      },
      () => setTimeout(probe, REDIS_PROBE_EVERY_MS).unref(),
    );
  };
  setTimeout(probe, REDIS_PROBE_EVERY_MS).unref();
}

/**
 * Until a new connection's first outcome (ready, or an error, within its connect timeout) its callers wait for it,
 * rather than going on alone because the process has only just started; after that, a Redis that is away fails
 * over at once. The function returned gives what to await: a promise until then, null after.
 */
export function firstContact(redis: Redis): () => Promise<void> | null {
  let pending: Promise<void> | null = new Promise((resolve) => {
    const settle = () => {
      pending = null;
      resolve();
    };
    redis.once('ready', settle);
    redis.once('error', settle);
    setTimeout(settle, REDIS_CONNECT_TIMEOUT_MS).unref();
  });
  return () => pending;
}

/** How often, at most, a Redis that does not answer is logged by the same user of it. */
const WARN_EVERY_MS = 60_000;

/**
 * Reports a Redis failure once a minute at most: while Redis is away every command would say so. The function
 * returned takes the error each time.
 */
export function everyMinuteAtMost(warn: (error: unknown) => void): (error: unknown) => void {
  let warnedAt = 0;
  return (error) => {
    if (Date.now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = Date.now();
    warn(error);
  };
}
