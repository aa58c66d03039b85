import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

/** One PostgreSQL server of a test's own. */
export interface PostgresServer {
  port: number;
  /** A URL of this server: user postgres, database postgres unless given. */
  url(database?: string, user?: string, password?: string): string;
  start(): Promise<void>;
  /** Stops the server (fast shutdown: connections are told and closed). */
  stop(): Promise<void>;
  /** Appends settings (`name = value` lines) to its postgresql.conf and reloads it. */
  configure(settings: string[]): Promise<void>;
}

/** Why PostgreSQL servers cannot be made here, or null when they can (the binaries exist, and a user to run them as). */
export function clustersUnavailable(): string | null {
  try {
    execFileSync('pg_config', ['--bindir'], { stdio: 'pipe' });
  } catch {
    return 'pg_config is not on the PATH, so the PostgreSQL binaries (initdb, pg_ctl, pg_basebackup) cannot be found';
  }
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'pipe' });
    } catch {
      return 'running as root needs a "postgres" user to run the PostgreSQL binaries as';
    }
  }
  return null;
}

/**
 * PostgreSQL servers made for a test in a fresh temporary folder with the machine's binaries
 * (`pg_config --bindir`), run as user postgres when the test runs as root; dispose() stops and removes them.
 */
export class PostgresClusters {
  private readonly servers: { dataDir: string; server: PostgresServer }[] = [];
  private constructor(
    private readonly folder: string,
    private readonly bin: string,
    private readonly asRoot: boolean,
  ) {}

  /** A fresh folder for servers. */
  static create(): PostgresClusters {
    const folder = mkdtempSync(join(tmpdir(), 'newsline-pg-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(folder, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    return new PostgresClusters(folder, execFileSync('pg_config', ['--bindir']).toString().trim(), asRoot);
  }

  /** initdb and start a primary that allows replication from 127.0.0.1; `hba` lines come before the trusting ones. */
  async primary(hba: string[] = []): Promise<PostgresServer> {
    const dataDir = join(this.folder, `primary-${this.servers.length}`);
    await this.pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    const port = await freePort();
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${this.folder}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 16MB',
        'max_connections = 40',
        '',
      ].join('\n'),
    );
    const hbaFile = join(dataDir, 'pg_hba.conf');
    writeFileSync(hbaFile, [...hba, readFileSync(hbaFile, 'utf8')].join('\n'));
    return this.add(dataDir, port);
  }

  /** pg_basebackup -R a streaming replica of `primary` on a port of its own, and start it. */
  async replicaOf(primary: PostgresServer): Promise<PostgresServer> {
    const dataDir = join(this.folder, `replica-${this.servers.length}`);
    await this.pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    const port = await freePort();
    appendFileSync(join(dataDir, 'postgresql.conf'), `port = ${port}\n`);
    return this.add(dataDir, port);
  }

  /** Stops every server (immediately) and removes the folder. */
  async dispose(): Promise<void> {
    for (const { dataDir } of this.servers.reverse()) {
      await this.pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async add(dataDir: string, port: number): Promise<PostgresServer> {
    const ctl = (args: string[]) => this.pg('pg_ctl', ['-D', dataDir, '-l', `${dataDir}.log`, '-w', ...args]);
    const server: PostgresServer = {
      port,
      url: (database = 'postgres', user = 'postgres', password) =>
        `postgres://${user}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@127.0.0.1:${port}/${database}`,
      start: () => ctl(['start']).then(() => undefined),
      stop: () => ctl(['-m', 'fast', 'stop']).then(() => undefined),
      configure: async (settings) => {
        appendFileSync(join(dataDir, 'postgresql.conf'), settings.map((line) => `${line}\n`).join(''));
        await ctl(['reload']);
      },
    };
    this.servers.push({ dataDir, server });
    await server.start();
    return server;
  }

  private pg(program: string, args: string[]) {
    const path = join(this.bin, program);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
  }
}
