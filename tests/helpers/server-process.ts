import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BUILT_CLI = join(ROOT, 'dist/src/cli/main.js');

/** The newest modification time of the TypeScript files under a folder. */
function newestSource(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { withFileTypes: true }).map((entry) => {
      const path = join(folder, entry.name);
      return entry.isDirectory() ? newestSource(path) : entry.name.endsWith('.ts') ? statSync(path).mtimeMs : 0;
    }),
  );
}

/** `node dist/src/cli/main.js` when the build is newer than every source file (as in CI); the sources through ts-node otherwise. */
function newslineCommand(): string[] {
  let built = 0;
  try {
    built = statSync(BUILT_CLI).mtimeMs;
  } catch {
    // Not built: a fresh clone.
  }
  return built > newestSource(join(ROOT, 'src')) ? [BUILT_CLI] : ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts'];
}

/** How long a server may take to answer /readyz 200: from source on a busy machine, a while. */
export const SERVER_START_MS = 120_000;

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = net.createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** `newsline serve` running as a process of its own. */
export interface ServerProcess {
  /** Its /graphql URL. */
  url: string;
  /** What it has written to stderr so far (its log). */
  log(): string;
  /** Whether it is still running. */
  alive(): boolean;
  /** Sends SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `newsline serve` on a free port and waits until /readyz answers 200. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...newslineCommand(), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), DEMO_DATA: 'never', REFRESH_IN_BACKGROUND: 'false', LOG_LEVEL: 'info', DATA_DIR: 'memory://', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  let exited = false;
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_MS;
  for (;;) {
    if (exited) throw new Error(`newsline serve exited before it was ready. Its log:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`newsline serve was not ready within ${SERVER_START_MS / 1000} s. Its log:\n${log}`);
    }
    const ready = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
      async (response) => (await response.arrayBuffer(), response.status === 200),
      () => false,
    );
    if (ready) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url: `${origin}/graphql`,
    log: () => log,
    alive: () => !exited,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}
