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
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT="eighty": expected a whole number from 0 to 65535');
    expect(message).toContain('DATABASE_URL="mysql://x/y": expected a postgres:// or postgresql:// URL');
    expect(message).toContain('DEMO_DATA="sometimes": expected one of auto, always, never');
  });

  it('refuses replicas without a primary', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/news' })).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
  });
});
