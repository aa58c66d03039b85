import { startApp, App } from '../../src/app';
import { Config, loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { createTestDatabase, TestDatabase } from './database';

/** A server started for a test file, on its own database and a free port. */
export interface TestApp extends App {
  database: TestDatabase;
  /** POSTs a GraphQL request over HTTP and returns the status and parsed body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** The configuration of a server started by a test: on a free port of 127.0.0.1, silent, no demo data; `env` adds to it. */
export function testServerConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DEMO_DATA: 'never', LOG_LEVEL: 'silent', ...env });
}

/** Starts the real server (HTTP, Apollo, database) for a test file. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testServerConfig({ DATA_DIR: database.target.dataDir, DATABASE_URL: database.target.databaseUrl ?? undefined, ...env });
  const app = await startApp(config, createLogger(config.logLevel));
  const graphql = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    ...app,
    database,
    graphql,
    close: async () => {
      await app.stop();
      await database.dispose();
    },
  };
}
