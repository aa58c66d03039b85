import { ConfigError, loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', databaseUrl: null, dataDir: './data', demoData: 'auto', sandbox: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('limits the database with the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      databaseStatementTimeoutMs: 5000,
      databaseLockTimeoutMs: 1000,
      databaseWriteTimeoutMs: 60_000,
      databaseConnectTimeoutMs: 5000,
      databasePoolWaitMs: 5000,
      databaseWaitSeconds: 0,
      databaseReplicaRetryMs: 1000,
    });
  });

  it('reads and converts variables', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/news', SANDBOX: 'false', DATABASE_REPLICA_URLS: 'postgres://r1/news, postgres://r2/news' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u@db:5432/news');
    expect(config.sandbox).toBe(false);
    expect(config.databaseReplicaUrls).toEqual(['postgres://r1/news', 'postgres://r2/news']);
  });

  it('turns the sandbox off by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).sandbox).toBe(false);
  });

  it('names every bad variable at once, with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', DEMO_DATA: 'sometimes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'Invalid configuration:\n' +
        '  - PORT="eighty": expected a whole number from 0 to 65535. PORT: port the HTTP server listens on (0 picks a free one)\n' +
        '  - DATABASE_URL="mysql://x/y": expected a postgres:// or postgresql:// URL, got the scheme mysql:. DATABASE_URL: PostgreSQL server URL; unset means the embedded database\n' +
        '  - DEMO_DATA="sometimes": expected one of auto, always, never',
    );
  });

  it('refuses replicas without a primary', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/news' })).toThrow(
      new Error('Invalid configuration: DATABASE_REPLICA_URLS needs DATABASE_URL: replicas are read copies of a PostgreSQL primary'),
    );
  });

  it('limits queries and clients with the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      maxQueryCost: 10_000,
      maxAliases: 30,
      maxDirectives: 50,
      maxTokens: 2000,
      maxResponseBytes: 8 * 1024 * 1024,
      rateLimitPoints: 60_000,
      rateLimitKeyPoints: 600_000,
      apiKeys: [],
      trustProxy: 0,
      redisUrl: null,
      redisKeyPrefix: 'newsline:',
    });
  });

  it('reads API keys, proxies and Redis', () => {
    const config = loadConfig({ API_KEYS: 'mobile-app:0123456789abcdef, partner:fedcba9876543210', TRUST_PROXY: 'loopback, 10.0.0.0/8', REDIS_URL: 'redis://cache:6379/2' });
    expect(config.apiKeys).toEqual([{ name: 'mobile-app', secret: '0123456789abcdef' }, { name: 'partner', secret: 'fedcba9876543210' }]);
    expect(config.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(config.redisUrl).toBe('redis://cache:6379/2');
  });

  it.each([
    // A secret is never shown, nor a URL's password: a configuration problem goes to logs.
    ['API_KEYS', 'mobile:short', 'API_KEYS=(a secret of 12 characters): expected name:secret pairs separated by commas, with a secret of at least 16 characters and no spaces; entry 1 is not'],
    ['ADMIN_TOKEN', 'correct horse battery staple', 'ADMIN_TOKEN=(a secret of 28 characters): expected printable ASCII without spaces'],
    ['ADMIN_TOKEN', ' 0123456789abcdef', 'ADMIN_TOKEN=(a secret of 17 characters): expected printable ASCII without spaces'],
    ['ADMIN_TOKEN', '0123456789abcdéf', 'ADMIN_TOKEN=(a secret of 16 characters): expected printable ASCII without spaces'],
    ['DATABASE_URL', 'postgres://%zz@db/news', `DATABASE_URL="postgres://%zz@db/news": expected %-escapes of UTF-8 in the URL's user (a % of its own is written %25)`],
    ['DATABASE_URL', 'postgres://u:p%zz@db/news', `DATABASE_URL="postgres://u:***@db/news": expected %-escapes of UTF-8 in the URL's password`],
    ['DATABASE_URL', 'postgres://db/%E0%A4%A', `DATABASE_URL="postgres://db/%E0%A4%A": expected %-escapes of UTF-8 in the URL's path`],
    ['DATABASE_URL', 'postgres://u:secret@db/news?sslmode=bogus', 'DATABASE_URL="postgres://u:***@db/news?sslmode=bogus": expected sslmode to be one of disable, prefer, require, verify-ca, verify-full, no-verify; got "bogus"'],
    ['DATABASE_REPLICA_URLS', 'postgres://a:one@r1/news,mysql://b:two@r2/news', 'DATABASE_REPLICA_URLS="postgres://a:***@r1/news,mysql://b:***@r2/news": expected a postgres:// or postgresql:// URL'],
    ['API_KEYS', 'a:0123456789abcdef,b:0123456789abcdef', 'API_KEYS holds the same secret twice'],
    ['TRUST_PROXY', '10.0.0.300', 'TRUST_PROXY="10.0.0.300": expected a number of proxy hops, or proxy addresses and subnets such as loopback,10.0.0.0/8'],
    ['TRUST_PROXY', 'true', 'TRUST_PROXY="true": expected a number of proxy hops'],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL="http://cache:6379": expected a redis:// or rediss:// URL, got the scheme http:'],
    ['REDIS_URL', 'redis://cache:6379/abc', 'REDIS_URL="redis://cache:6379/abc": expected a database number after the host (redis://127.0.0.1:6379/2) or none, got the path "/abc"'],
    ['REDIS_URL', 'redis://cache:6379/-1', 'REDIS_URL="redis://cache:6379/-1": expected a database number after the host (redis://127.0.0.1:6379/2) or none, got the path "/-1"'],
    ['MAX_QUERY_COST', '0', 'MAX_QUERY_COST="0": expected a whole number from 1 to 10000000'],
  ])('refuses %s=%s', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('takes automatic persisted queries by default, and a manifest with `only`', () => {
    expect(loadConfig({})).toMatchObject({ persistedQueries: 'auto', persistedQueriesManifest: null });
    expect(loadConfig({ PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: 'ops.json' })).toMatchObject({ persistedQueries: 'only', persistedQueriesManifest: 'ops.json' });
  });

  it.each([
    [{ PERSISTED_QUERIES: 'only' }, 'PERSISTED_QUERIES=only needs PERSISTED_QUERIES_MANIFEST: the file that lists the operations to run'],
    [{ PERSISTED_QUERIES: 'off', PERSISTED_QUERIES_MANIFEST: 'ops.json' }, 'PERSISTED_QUERIES_MANIFEST is not read with PERSISTED_QUERIES=off'],
    [{ PERSISTED_QUERIES: 'always' }, 'PERSISTED_QUERIES="always": expected one of auto, only, off'],
  ])('refuses persisted query settings that do not fit together: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses an API key that is the admin token', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: '0123456789abcdef', API_KEYS: 'mobile:0123456789abcdef' })).toThrow(
      new Error('Invalid configuration: API_KEYS holds the admin token: give API keys secrets of their own'),
    );
  });
});
