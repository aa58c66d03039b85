import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/cli/main.js');

function newest(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Compiles dist/ when it is missing or older than the sources, so that the real CLI runs what is being tested. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'migrations')))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** The environment a child `newsline` starts from: nothing of the test runner's own configuration. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DEMO_DATA: 'never', ...env };
}

/** A `newsline` process started by a test, with its standard error read line by line. */
export interface NewslineProcess {
  child: ChildProcess;
  /** Lines written to standard error so far. */
  stderrLines(): string[];
  /** What it wrote to standard output so far. */
  stdout(): string;
  /** Resolves with the first line of standard error (past or future) that matches, or rejects after `timeoutMs`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Stops the process (SIGTERM, then SIGKILL) and waits for it. */
  stop(): Promise<void>;
}

/** Starts `node dist/src/cli/main.js <args>` with `env`. */
export function spawnNewsline(args: string[], env: Record<string, string>, options: SpawnOptions = {}): NewslineProcess {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderrLines: () => [...lines],
    stdout: () => stdout,
    line: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const found = lines.find((line) => pattern.test(line));
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; stderr so far:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      }),
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Runs `newsline <args>` to its end; returns its exit code and output. With `readAfterMs`, nothing is read from
 * its standard output for that long, so a large output fills the pipe before the process is done (as a slow
 * `| other-program` does). With `runThrough`, the command runs through that one (such as `setpriv …`).
 */
export async function runNewsline(
  args: string[],
  env: Record<string, string>,
  { readAfterMs = 0, runThrough = [], ...options }: SpawnOptions & { readAfterMs?: number; runThrough?: string[] } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...prefix] = [...runThrough, process.execPath];
  const child = spawn(command, [...prefix, MAIN, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  if (readAfterMs > 0) {
    child.stdout!.pause();
    setTimeout(() => child.stdout!.resume(), readAfterMs);
  }
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}
