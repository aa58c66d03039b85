import { compile as compileTrust } from 'proxy-addr';
/** Everything the service can be configured with; nothing else in the code reads process.env. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** A PostgreSQL server; when absent the embedded PGlite database under dataDir is used. */
  readonly databaseUrl: string | null;
  /** Read replicas of databaseUrl; queries that only read go to them. */
  readonly databaseReplicaUrls: readonly string[];
  readonly databasePoolSize: number;
  /** PostgreSQL's statement_timeout on every connection: the longest an API statement runs (0: no limit). */
  readonly databaseStatementTimeoutMs: number;
  /** PostgreSQL's lock_timeout on every connection: the longest a statement waits for a lock (0: no limit). */
  readonly databaseLockTimeoutMs: number;
  /** The statement timeout of writes: a refresh's transaction, demo data and migrations (0: no limit). */
  readonly databaseWriteTimeoutMs: number;
  /** The longest opening one connection may take. */
  readonly databaseConnectTimeoutMs: number;
  /** The longest a request waits for a connection, pooled or new. */
  readonly databasePoolWaitMs: number;
  /** How long `serve` and `worker` wait for the database at start before giving up (0: forever). */
  readonly databaseWaitSeconds: number;
  /** How often a read replica that failed is tried again. */
  readonly databaseReplicaRetryMs: number;
  readonly dataDir: string;
  /** 'auto' loads demo data into an empty embedded database on start; 'always' also into an empty server. */
  readonly demoData: 'auto' | 'always' | 'never';
  readonly sandbox: boolean;
  readonly httpKeepAliveTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly maxQueryDepth: number;
  /** Points one operation may cost (README, "Query cost"). */
  readonly maxQueryCost: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Tokens (names, punctuation, values) one GraphQL document may hold. */
  readonly maxTokens: number;
  /** Largest serialized answer; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  readonly maxResponseBytes: number;
  /** Cost points a client address may spend per minute; 0 turns rate limiting off. */
  readonly rateLimitPoints: number;
  /** Cost points each API key may spend per minute. */
  readonly rateLimitKeyPoints: number;
  /** API keys clients send as `Authorization: Bearer <key>`, each with a name that labels its budget. */
  readonly apiKeys: readonly ApiKey[];
  /** Reverse proxies whose X-Forwarded-For is believed: a number of hops, or their addresses and subnets; 0 believes none. */
  readonly trustProxy: number | readonly string[];
  /** Redis that every process shares rate limits and persisted queries through; null keeps them in each process. */
  readonly redisUrl: string | null;
  /** Prefix of every Redis key Newsline writes, so that deployments can share one Redis. */
  readonly redisKeyPrefix: string;
  /** Whether identical anonymous queries are answered from the response cache. */
  readonly responseCache: boolean;
  /** The most bytes of answers one process keeps in its response cache. */
  readonly responseCacheMaxBytes: number;
  /** The longest an answer stays in the response cache, in memory and in Redis. */
  readonly responseCacheTtlSeconds: number;
  /** `auto`: Apollo's automatic persisted queries beside query texts; `only`: the manifest's operations alone; `off`: no persisted queries. */
  readonly persistedQueries: 'auto' | 'only' | 'off';
  /** A JSON manifest of trusted operations (Apollo's or Relay's format), read at start; needed by `only`. */
  readonly persistedQueriesManifest: string | null;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Bearer token that mutations require; null leaves mutations disabled. */
  readonly adminToken: string | null;
  /** Let the fetcher reach loopback, private and link-local addresses (tests, local setups). */
  readonly allowPrivateNetworks: boolean;
  /** Whether `serve` also refreshes due sources in the background. */
  readonly refreshInBackground: boolean;
  readonly refreshConcurrency: number;
  /** How often an idle scheduler looks for due sources. */
  readonly refreshPollSeconds: number;
  /** Days recorded changes (and removals) are kept for `changes(after:)`; older sync cursors must resync. */
  readonly changesRetentionDays: number;
  /** WebSocket connections one client (address or API key) may hold open for subscriptions; 0: no limit. */
  readonly liveMaxConnectionsPerClient: number;
  /** Subscriptions one WebSocket connection may run at once. */
  readonly liveMaxSubscriptionsPerConnection: number;
  /** How long a WebSocket connection may stay open without its ConnectionInit message. */
  readonly liveInitTimeoutMs: number;
  /** Bytes a connection may leave unsent before its next message waits for them to drain. */
  readonly liveMaxBufferedBytes: number;
  /**
   * The largest WebSocket message a client may send. A running subscription keeps its subscribe message (graphql-ws
   * holds it for the subscription's events), so this bounds what one client makes the server hold.
   */
  readonly liveMaxMessageBytes: number;
  /** How long a connection's unsent bytes may stay over liveMaxBufferedBytes, or a subscription fall behind live events, before it is closed. */
  readonly liveStallTimeoutMs: number;
  /** The most events a subscription resumed with `after` replays; further back, it catches up with `changes(after:)`. */
  readonly liveMaxReplay: number;
  readonly defaultFetchIntervalMinutes: number;
  readonly fetchConnectTimeoutMs: number;
  readonly fetchTimeoutMs: number;
  readonly fetchMaxBytes: number;
  readonly userAgent: string;
  /** Article pages one refresh may fetch for full text. */
  readonly maxPagesPerRefresh: number;
}

/** A named API key: the name labels its budget (and log lines); the secret is what clients send. */
export interface ApiKey {
  readonly name: string;
  readonly secret: string;
}

/** Raised at start when the environment holds a value that does not fit; lists every problem at once (one alone on one line). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Parse<T> = (raw: string) => T;

/** One row of the config table: the variable, its default and how its text becomes a value. */
interface Option<K extends keyof Config> {
  key: K;
  variable: string;
  description: string;
  default: (env: Env) => Config[K];
  parse: Parse<Config[K]>;
}

const oneOf =
  <T extends string>(...values: T[]): Parse<T> =>
  (raw) => {
    if (!values.includes(raw as T)) throw new Error(`expected one of ${values.join(', ')}`);
    return raw as T;
  };

const integer =
  (min: number, max: number): Parse<number> =>
  (raw) => {
    const value = Number(raw);
    if (!/^-?[0-9]+$/.test(raw) || value < min || value > max) {
      throw new Error(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };

const boolean: Parse<boolean> = (raw) => {
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new Error('expected true or false');
};

/** A URL with one of `schemes`, such as `example`, kept as written. */
const urlWith = (schemes: readonly string[], example: string): Parse<string> => (raw) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`expected a URL such as ${example}`);
  }
  if (!schemes.includes(url.protocol.slice(0, -1))) {
    throw new Error(`expected a ${schemes.map((scheme) => `${scheme}://`).join(' or ')} URL, got the scheme ${url.protocol}`);
  }
  for (const [part, text] of [['user', url.username], ['password', url.password], ['host', url.hostname], ['path', url.pathname]]) {
    try {
      decodeURIComponent(text);
    } catch {
      throw new Error(`expected %-escapes of UTF-8 in the URL's ${part} (a % of its own is written %25), such as ${example}`);
    }
  }
  return raw;
};

/** The sslmode values node-postgres knows (pg-connection-string); another would be taken for one of them. */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

const postgresUrl: Parse<string> = (raw) => {
  const url = urlWith(['postgres', 'postgresql'], 'postgres://user:password@host:5432/database')(raw);
  const sslmode = new URL(url).searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) throw new Error(`expected sslmode to be one of ${SSL_MODES.join(', ')}; got "${sslmode}"`);
  return url;
};

const apiKeys: Parse<ApiKey[]> = (raw) =>
  raw.split(',').map((entry, index) => {
    const match = /^\s*([A-Za-z0-9_.-]{1,64}):(\S{16,})\s*$/.exec(entry);
    if (!match) throw new Error(`expected name:secret pairs separated by commas, with a secret of at least 16 characters and no spaces; entry ${index + 1} is not`);
    return { name: match[1], secret: match[2] };
  });

const trustProxy: Parse<number | string[]> = (raw) => {
  if (/^[0-9]+$/.test(raw)) return integer(0, 20)(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  try {
    compileTrust(entries);
  } catch (error) {
    throw new Error(`expected a number of proxy hops, or proxy addresses and subnets such as loopback,10.0.0.0/8: ${(error as Error).message}`);
  }
  return entries;
};

/**
 * A Redis URL, whose path is nothing or a database number (`redis://127.0.0.1:6379/2`): anything else there was
 * read as database 0 by the client, so two deployments meant to be apart shared one database.
 */
const redisUrl: Parse<string> = (raw) => {
  const url = urlWith(['redis', 'rediss'], 'redis://127.0.0.1:6379')(raw);
  const path = new URL(url).pathname;
  if (!/^\/?(\d{1,9})?$/.test(path)) throw new Error(`expected a database number after the host (redis://127.0.0.1:6379/2) or none, got the path ${JSON.stringify(path)}`);
  return url;
};

const nonEmpty: Parse<string> = (raw) => {
  if (raw.trim() === '') throw new Error('expected a non-empty value');
  return raw;
};

/** The config table: one row per option, with its default and validator. */
export const OPTIONS: { [K in keyof Config]: Option<K> }[keyof Config][] = [
  { key: 'env', variable: 'NODE_ENV', description: 'development, production or test', default: () => 'development', parse: oneOf('development', 'production', 'test') },
  { key: 'host', variable: 'HOST', description: 'interface the HTTP server listens on', default: () => '0.0.0.0', parse: nonEmpty },
  { key: 'port', variable: 'PORT', description: 'port the HTTP server listens on (0 picks a free one)', default: () => 4000, parse: integer(0, 65535) },
  { key: 'databaseUrl', variable: 'DATABASE_URL', description: 'PostgreSQL server URL; unset means the embedded database', default: () => null, parse: postgresUrl },
  {
    key: 'databaseReplicaUrls',
    variable: 'DATABASE_REPLICA_URLS',
    description: 'comma-separated URLs of read replicas of DATABASE_URL',
    default: () => [],
    parse: (raw) => raw.split(',').map((url) => postgresUrl(url.trim())).filter(Boolean),
  },
  { key: 'databasePoolSize', variable: 'DATABASE_POOL_SIZE', description: 'connections per pool, kept open once opened', default: () => 10, parse: integer(1, 1000) },
  { key: 'databaseStatementTimeoutMs', variable: 'DATABASE_STATEMENT_TIMEOUT_MS', description: 'longest an API statement may run; 0 for no limit', default: () => 5000, parse: integer(0, 3_600_000) },
  { key: 'databaseLockTimeoutMs', variable: 'DATABASE_LOCK_TIMEOUT_MS', description: 'longest a statement waits for a lock; 0 for no limit', default: () => 1000, parse: integer(0, 3_600_000) },
  { key: 'databaseWriteTimeoutMs', variable: 'DATABASE_WRITE_TIMEOUT_MS', description: "longest a statement of a refresh's writes, demo data or a migration may run; 0 for no limit", default: () => 60_000, parse: integer(0, 86_400_000) },
  { key: 'databaseConnectTimeoutMs', variable: 'DATABASE_CONNECT_TIMEOUT_MS', description: 'longest opening a database connection may take', default: () => 5000, parse: integer(100, 600_000) },
  { key: 'databasePoolWaitMs', variable: 'DATABASE_POOL_WAIT_MS', description: 'longest a request waits for a database connection, pooled or new', default: () => 5000, parse: integer(100, 600_000) },
  { key: 'databaseWaitSeconds', variable: 'DATABASE_WAIT_SECONDS', description: '`serve` and `worker` wait this long for the database at start, then exit; 0 waits forever', default: () => 0, parse: integer(0, 86_400 * 365) },
  { key: 'databaseReplicaRetryMs', variable: 'DATABASE_REPLICA_RETRY_MS', description: 'how often a read replica that failed is tried again', default: () => 1000, parse: integer(100, 600_000) },
  { key: 'dataDir', variable: 'DATA_DIR', description: 'folder of the embedded database', default: () => './data', parse: nonEmpty },
  { key: 'demoData', variable: 'DEMO_DATA', description: 'auto, always or never', default: () => 'auto', parse: oneOf('auto', 'always', 'never') },
  { key: 'sandbox', variable: 'SANDBOX', description: 'serve the Apollo sandbox landing page and allow introspection', default: (env) => env.NODE_ENV !== 'production', parse: boolean },
  {
    key: 'httpKeepAliveTimeoutMs',
    variable: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    description: "how long an idle HTTP keep-alive connection is kept open; behind a load balancer, longer than the balancer's idle timeout",
    default: () => 5000,
    parse: integer(1000, 3_600_000),
  },
  { key: 'shutdownTimeoutMs', variable: 'SHUTDOWN_TIMEOUT_MS', description: 'how long SIGTERM waits for requests in flight', default: () => 10_000, parse: integer(0, 600_000) },
  { key: 'maxQueryDepth', variable: 'MAX_QUERY_DEPTH', description: 'deepest selection a query may nest', default: () => 12, parse: integer(2, 100) },
  { key: 'maxQueryCost', variable: 'MAX_QUERY_COST', description: 'points one query may cost (see the README, "Query cost")', default: () => 10_000, parse: integer(1, 10_000_000) },
  { key: 'maxAliases', variable: 'MAX_ALIASES', description: 'aliases one operation may use', default: () => 30, parse: integer(0, 10_000) },
  { key: 'maxDirectives', variable: 'MAX_DIRECTIVES', description: 'directives one operation may use', default: () => 50, parse: integer(0, 10_000) },
  { key: 'maxTokens', variable: 'MAX_TOKENS', description: 'tokens one GraphQL document may hold', default: () => 2000, parse: integer(100, 1_000_000) },
  { key: 'maxResponseBytes', variable: 'MAX_RESPONSE_BYTES', description: 'largest answer sent; a larger one becomes a RESPONSE_TOO_LARGE error', default: () => 8 * 1024 * 1024, parse: integer(1024, 1024 * 1024 * 1024) },
  { key: 'rateLimitPoints', variable: 'RATE_LIMIT_POINTS', description: 'cost points a client address may spend per minute (0: no rate limit)', default: () => 60_000, parse: integer(0, 1_000_000_000) },
  { key: 'rateLimitKeyPoints', variable: 'RATE_LIMIT_KEY_POINTS', description: 'cost points each API key may spend per minute', default: () => 600_000, parse: integer(1, 1_000_000_000) },
  { key: 'apiKeys', variable: 'API_KEYS', description: 'API keys as name:secret pairs separated by commas (secrets of 16+ characters)', default: () => [], parse: apiKeys },
  { key: 'trustProxy', variable: 'TRUST_PROXY', description: 'believe X-Forwarded-For from this many proxy hops, or from these proxy addresses/subnets', default: () => 0, parse: trustProxy },
  { key: 'redisUrl', variable: 'REDIS_URL', description: 'Redis shared by all processes for rate limits, the response cache and persisted queries; unset keeps them in each process', default: () => null, parse: redisUrl },
  { key: 'redisKeyPrefix', variable: 'REDIS_KEY_PREFIX', description: 'prefix of the Redis keys Newsline writes', default: () => 'newsline:', parse: nonEmpty },
  {
    key: 'responseCache',
    variable: 'RESPONSE_CACHE',
    description: 'answer identical anonymous queries from a cache (on, off); off by default under NODE_ENV=test, whose tests write behind the server\'s back',
    default: (env) => env.NODE_ENV !== 'test',
    parse: boolean,
  },
  { key: 'responseCacheMaxBytes', variable: 'RESPONSE_CACHE_MAX_BYTES', description: 'most bytes of answers one process keeps in its response cache', default: () => 64 * 1024 * 1024, parse: integer(1024, 64 * 1024 * 1024 * 1024) },
  { key: 'responseCacheTtlSeconds', variable: 'RESPONSE_CACHE_TTL_SECONDS', description: 'longest an answer stays in the response cache (a change of the data retires it sooner)', default: () => 300, parse: integer(1, 86_400) },
  {
    key: 'persistedQueries',
    variable: 'PERSISTED_QUERIES',
    description: 'auto (automatic persisted queries beside query texts), only (the operations of PERSISTED_QUERIES_MANIFEST alone) or off',
    default: () => 'auto',
    parse: oneOf('auto', 'only', 'off'),
  },
  { key: 'persistedQueriesManifest', variable: 'PERSISTED_QUERIES_MANIFEST', description: "path of a JSON manifest of trusted operations (Apollo's or Relay's format)", default: () => null, parse: nonEmpty },
  {
    key: 'adminToken',
    variable: 'ADMIN_TOKEN',
    description: 'bearer token for mutations (at least 16 characters); unset disables mutations',
    default: () => null,
    parse: (raw) => {
      if (raw.length < 16) throw new Error('expected at least 16 characters, so that it cannot be guessed');
      // What a client can send after `Bearer ` in a header, which is read as one word of Latin-1 text.
      if (!/^[\x21-\x7e]+$/.test(raw)) throw new Error('expected printable ASCII without spaces (a client sends it in a header, as `Authorization: Bearer <token>`)');
      return raw;
    },
  },
  { key: 'allowPrivateNetworks', variable: 'ALLOW_PRIVATE_NETWORKS', description: 'let the fetcher reach loopback and private addresses', default: () => false, parse: boolean },
  { key: 'refreshInBackground', variable: 'REFRESH_IN_BACKGROUND', description: '`serve` also refreshes due sources', default: (env) => env.NODE_ENV !== 'test', parse: boolean },
  { key: 'refreshConcurrency', variable: 'REFRESH_CONCURRENCY', description: 'sources refreshed at once by one process', default: () => 4, parse: integer(1, 64) },
  { key: 'refreshPollSeconds', variable: 'REFRESH_POLL_SECONDS', description: 'how often an idle refresher looks for due sources', default: () => 15, parse: integer(1, 3600) },
  { key: 'changesRetentionDays', variable: 'CHANGES_RETENTION_DAYS', description: 'days changes and removals are kept for `changes(after:)`; an older sync cursor must resync', default: () => 30, parse: integer(1, 3650) },
  { key: 'liveMaxConnectionsPerClient', variable: 'LIVE_MAX_CONNECTIONS_PER_CLIENT', description: 'WebSocket connections (subscriptions) one client address or API key may hold open; 0 for no limit', default: () => 50, parse: integer(0, 1_000_000) },
  { key: 'liveMaxSubscriptionsPerConnection', variable: 'LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION', description: 'subscriptions one WebSocket connection may run at once', default: () => 20, parse: integer(1, 10_000) },
  { key: 'liveInitTimeoutMs', variable: 'LIVE_INIT_TIMEOUT_MS', description: 'how long a WebSocket connection may wait before sending its ConnectionInit message', default: () => 3000, parse: integer(100, 600_000) },
  { key: 'liveMaxBufferedBytes', variable: 'LIVE_MAX_BUFFERED_BYTES', description: 'bytes a WebSocket connection may leave unsent before its next message waits for them to drain', default: () => 1024 * 1024, parse: integer(1024, 1024 * 1024 * 1024) },
  {
    key: 'liveMaxMessageBytes',
    variable: 'LIVE_MAX_MESSAGE_BYTES',
    description: 'the largest WebSocket message a client may send (a subscription keeps its subscribe message while it runs)',
    default: () => 32 * 1024,
    parse: integer(1024, 1024 * 1024),
  },
  { key: 'liveMaxReplay', variable: 'LIVE_MAX_REPLAY', description: 'the most changes a subscription resumed with `after` may replay; further back it gets RESUME_TOO_FAR_BEHIND and catches up with `changes(after:)`', default: () => 1000, parse: integer(0, 100_000) },
  { key: 'liveStallTimeoutMs', variable: 'LIVE_STALL_TIMEOUT_MS', description: 'how long a WebSocket connection may leave more than LIVE_MAX_BUFFERED_BYTES unsent (a client that does not read), or fall behind live events (one that reads too slowly), before it is closed', default: () => 10_000, parse: integer(100, 600_000) },
  { key: 'defaultFetchIntervalMinutes', variable: 'FETCH_INTERVAL_MINUTES', description: 'default minutes between refreshes of a source', default: () => 15, parse: integer(1, 10080) },
  { key: 'fetchConnectTimeoutMs', variable: 'FETCH_CONNECT_TIMEOUT_MS', description: 'connect timeout of the fetcher', default: () => 5000, parse: integer(100, 120_000) },
  { key: 'fetchTimeoutMs', variable: 'FETCH_TIMEOUT_MS', description: 'total timeout of one fetch, body included', default: () => 20_000, parse: integer(100, 600_000) },
  { key: 'fetchMaxBytes', variable: 'FETCH_MAX_BYTES', description: 'largest body a fetch reads, after decompression', default: () => 10 * 1024 * 1024, parse: integer(1024, 1024 * 1024 * 1024) },
  { key: 'userAgent', variable: 'USER_AGENT', description: 'User-Agent of the fetcher', default: () => 'Newsline/0.1 (news aggregator; +https://github.com/newsline/newsline)', parse: nonEmpty },
  { key: 'maxPagesPerRefresh', variable: 'MAX_PAGES_PER_REFRESH', description: 'article pages one refresh may fetch for full text', default: () => 30, parse: integer(0, 1000) },
  { key: 'logLevel', variable: 'LOG_LEVEL', description: 'debug, info, warn, error or silent', default: (env) => (env.NODE_ENV === 'test' ? 'warn' : 'info'), parse: oneOf('debug', 'info', 'warn', 'error', 'silent') },
];

/** Reads, validates and freezes the configuration; throws ConfigError naming every bad variable. */
/** Variables whose whole value is a secret: a problem with one says its length, never the value. */
const SECRET_VARIABLES = new Set(['ADMIN_TOKEN', 'API_KEYS']);

/** A value as a configuration problem shows it: quoted, with secrets and URLs' passwords left out (it goes to logs). */
function shownValue(variable: string, raw: string): string {
  if (SECRET_VARIABLES.has(variable)) return `(a secret of ${raw.length} characters)`;
  return JSON.stringify(raw.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s,]*:)[^@/\s,]*@/gi, '$1***@'));
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const raw = env[option.variable];
    if (raw === undefined || raw === '') {
      values[option.key] = option.default(env);
      continue;
    }
    try {
      values[option.key] = option.parse(raw);
    } catch (error) {
      const expected = (error as Error).message;
      // A list of the values taken says all the description would (it only names them again).
      const about = expected.startsWith('expected one of ') ? '' : `. ${option.variable}: ${option.description}`;
      problems.push(`${option.variable}=${shownValue(option.variable, raw)}: ${expected}${about}`);
    }
  }
  if (values.databaseReplicaUrls && (values.databaseReplicaUrls as string[]).length > 0 && !values.databaseUrl) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas are read copies of a PostgreSQL primary');
  }
  const secrets = (values.apiKeys as ApiKey[] | undefined)?.map((key) => key.secret) ?? [];
  if (new Set(secrets).size !== secrets.length) problems.push('API_KEYS holds the same secret twice: each key needs a secret of its own');
  if (values.adminToken && secrets.includes(values.adminToken as string)) problems.push('API_KEYS holds the admin token: give API keys secrets of their own');
  if (values.persistedQueries === 'only' && !values.persistedQueriesManifest) {
    problems.push('PERSISTED_QUERIES=only needs PERSISTED_QUERIES_MANIFEST: the file that lists the operations to run');
  }
  if (values.persistedQueries === 'off' && values.persistedQueriesManifest) {
    problems.push('PERSISTED_QUERIES_MANIFEST is not read with PERSISTED_QUERIES=off: set PERSISTED_QUERIES to auto or only, or leave the manifest out');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as unknown as Config;
}
