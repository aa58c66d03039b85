import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import type { DatabaseTarget } from '../../src/db/data-source';

/** The limits (timeouts, waits) a server would start with. */
const DEFAULT_LIMITS = loadConfig({});

/** A database of its own for one test file: in-memory PGlite, or a fresh database on TEST_DATABASE_URL's server. */
export interface TestDatabase {
  target: DatabaseTarget;
  /** 'pglite' or 'postgres', for test names. */
  kind: 'pglite' | 'postgres';
  dispose(): Promise<void>;
}

/** Creates the database a test file runs against; PGlite unless TEST_DATABASE_URL is set. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return {
      kind: 'pglite',
      target: { ...DEFAULT_LIMITS, databaseUrl: null, databaseReplicaUrls: [], databasePoolSize: 1, dataDir: 'memory://' },
      dispose: async () => undefined,
    };
  }
  const name = `newsline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    target: { ...DEFAULT_LIMITS, databaseUrl: url.toString(), databaseReplicaUrls: [], databasePoolSize: 5, dataDir: 'memory://' },
    dispose: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
