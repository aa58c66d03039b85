import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from './http';
import { CLI_PATH, cliEnv } from './newsline-cli';

/** The most of the server's stderr kept to show when it dies. */
const STDERR_KEPT = 64 * 1024;

/** Raised when the server under test exits, or never becomes ready; carries what it wrote to stderr. */
export class ServerError extends Error {}

/** The compiled yardstick endpoint (bench/baseline/feed-endpoint.ts), beside this file in dist/. */
const BASELINE_PATH = path.resolve(__dirname, 'baseline/feed-endpoint.js');

/** A server under test, a child process listening on 127.0.0.1: Newsline, or the plain baseline endpoint. */
export class BenchServer {
  readonly origin: string;
  private stderr = '';
  private exit: string | null = null;
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    port: number,
    /** What the tables call it, e.g. `cold`. */
    readonly name: string,
    /** Whether it serves Newsline's /metrics (the baseline does not). */
    readonly hasMetrics: boolean,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    child.once('exit', (code, signal) => {
      this.exit = signal ?? `code ${code}`;
      // Said at once: a load run in progress only sees failing requests until its duration ends.
      if (!this.stopping) process.stderr.write(`\nThe ${this.name} server exited unexpectedly (${this.exit}); stopping after this step.\n`);
    });
  }

  /**
   * Starts `newsline serve` in production mode on the port, with `env` added to its environment (such as
   * RESPONSE_CACHE=off), and waits until /readyz answers 200.
   */
  static async start(databaseUrl: string, port: number, name: string, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<BenchServer> {
    await BenchServer.refuseSquatter(port);
    // The same V8 flag `npm start` and the `newsline` command use: a larger young generation.
    const child = spawn(process.execPath, ['--max-semi-space-size=64', ...nodeFlags, CLI_PATH, 'serve'], {
      // The load comes from one address: a budget it cannot spend keeps the rate limiter's work in the figures without its refusals.
      env: cliEnv(databaseUrl, { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), REFRESH_IN_BACKGROUND: 'false', RATE_LIMIT_POINTS: '1000000000', ...env }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new BenchServer(child, port, name, true);
    await server.waitUntilReady('/readyz', 60_000);
    return server;
  }

  /** Starts the plain node:http + pg endpoint (bench/baseline/feed-endpoint.ts) on the port, with Newsline's pool size. */
  static async startBaseline(databaseUrl: string, port: number): Promise<BenchServer> {
    await BenchServer.refuseSquatter(port);
    const child = spawn(process.execPath, ['--max-semi-space-size=64', BASELINE_PATH], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), DATABASE_POOL_SIZE: '10' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new BenchServer(child, port, 'baseline', false);
    await server.waitUntilReady('/healthz', 30_000);
    return server;
  }

  private static async refuseSquatter(port: number): Promise<void> {
    const origin = `http://127.0.0.1:${port}`;
    const squatter = await request(`${origin}/healthz`, undefined, 1000).catch(() => null);
    if (squatter) {
      throw new ServerError(`Something already answers on ${origin}; stop it or pass another --port (the bench uses it and the next two).`);
    }
  }

  /** What the server wrote to stderr so far (its last 64 KiB). */
  get log(): string {
    return this.stderr;
  }

  /** Throws, with the server's stderr, if it is no longer running. */
  assertAlive(): void {
    if (this.exit !== null) throw new ServerError(`The ${this.name} server exited (${this.exit}). Its stderr:\n${this.stderr}`);
  }

  private async waitUntilReady(readyPath: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      this.assertAlive();
      const answer = await request(`${this.origin}${readyPath}`, undefined, 2000).catch((error: Error) => ({ status: 0, body: error.message }));
      if (answer.status === 200) return;
      last = answer.status ? `${answer.status} ${answer.body}` : answer.body;
      await sleep(200);
    }
    await this.stop();
    throw new ServerError(`The ${this.name} server was not ready within ${timeoutMs / 1000} s (last ${readyPath}: ${last}). Its stderr:\n${this.stderr}`);
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
