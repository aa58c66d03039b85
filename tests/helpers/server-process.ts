import { NewslineProcess, spawnNewsline } from './cli-process';
import { freePort } from './free-port';

/** How long a server may take to answer /readyz 200 on a busy machine. */
export const SERVER_START_MS = 90_000;

/** `newsline serve` running as a process of its own, with its /graphql URL. */
export interface ServerProcess extends NewslineProcess {
  url: string;
}

/** Starts `newsline serve` (the built command: call ensureBuilt in a hook of its own first) on `port` (a free one by default) and waits until /readyz answers 200. */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  port ??= await freePort();
  const server = spawnNewsline(['serve'], { HOST: '127.0.0.1', PORT: String(port), REFRESH_IN_BACKGROUND: 'false', LOG_LEVEL: 'info', DATA_DIR: 'memory://', ...env });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_MS;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`newsline serve exited before it was ready:\n${server.stderrLines().join('\n')}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`newsline serve was not ready within ${SERVER_START_MS / 1000} s:\n${server.stderrLines().join('\n')}`);
    }
    const ready = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
      async (response) => (await response.arrayBuffer(), response.status === 200),
      () => false,
    );
    if (ready) return { ...server, url: `${origin}/graphql` };
    await new Promise((done) => setTimeout(done, 100));
  }
}
