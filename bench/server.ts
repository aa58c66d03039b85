import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from './http';
import { CLI_PATH, cliEnv } from './newsline-cli';

/** The most of the server's stderr kept to show when it dies. */
const STDERR_KEPT = 64 * 1024;

/** Raised when the server under test exits, or never becomes ready; carries what it wrote to stderr. */
export class ServerError extends Error {}

/** The server under test, a child process listening on 127.0.0.1. */
export class BenchServer {
  readonly origin: string;
  private stderr = '';
  private exit: string | null = null;
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    port: number,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    child.once('exit', (code, signal) => {
      this.exit = signal ?? `code ${code}`;
      // Said at once: a load run in progress only sees failing requests until its duration ends.
      if (!this.stopping) process.stderr.write(`\nThe server exited unexpectedly (${this.exit}); stopping after this step.\n`);
    });
  }

  /** Starts `newsline serve` in production mode on the port and waits until /readyz answers 200. */
  static async start(databaseUrl: string, port: number): Promise<BenchServer> {
    const origin = `http://127.0.0.1:${port}`;
    const squatter = await request(`${origin}/healthz`, undefined, 1000).catch(() => null);
    if (squatter) {
      throw new ServerError(`Something already answers on ${origin}; stop it or pass another --port.`);
    }
    // The same V8 flag `npm start` and the `newsline` command use: a larger young generation.
    const child = spawn(process.execPath, ['--max-semi-space-size=64', CLI_PATH, 'serve'], {
      // The load comes from one address: a budget it cannot spend keeps the rate limiter's work in the figures without its refusals.
      env: cliEnv(databaseUrl, { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), REFRESH_IN_BACKGROUND: 'false', RATE_LIMIT_POINTS: '1000000000' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new BenchServer(child, port);
    await server.waitUntilReady(60_000);
    return server;
  }

  /** What the server wrote to stderr so far (its last 64 KiB). */
  get log(): string {
    return this.stderr;
  }

  /** Throws, with the server's stderr, if it is no longer running. */
  assertAlive(): void {
    if (this.exit !== null) throw new ServerError(`The server exited (${this.exit}). Its stderr:\n${this.stderr}`);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      this.assertAlive();
      const answer = await request(`${this.origin}/readyz`, undefined, 2000).catch((error: Error) => ({ status: 0, body: error.message }));
      if (answer.status === 200) return;
      last = answer.status ? `${answer.status} ${answer.body}` : answer.body;
      await sleep(200);
    }
    await this.stop();
    throw new ServerError(`The server was not ready within ${timeoutMs / 1000} s (last /readyz: ${last}). Its stderr:\n${this.stderr}`);
  }

  /** The server's Prometheus samples by name (labels included), e.g. `newsline_sql_statements_total`. */
  async metrics(): Promise<Map<string, number>> {
    this.assertAlive();
    const answer = await request(`${this.origin}/metrics`);
    if (answer.status !== 200) throw new ServerError(`/metrics answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    const samples = new Map<string, number>();
    for (const line of answer.body.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) ([^ ]+)/.exec(line);
      if (match) samples.set(match[1], Number(match[2]));
    }
    return samples;
  }

  /** Sends SIGTERM and waits for the exit; SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (this.exit !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  }
}
