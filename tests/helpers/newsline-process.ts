import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** What a finished `newsline` process left behind. */
export interface NewslineRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs the `newsline` command from source as a separate process, its standard output a pipe; with
 * `readAfterMs`, nothing is read from that pipe for that long, so a large output fills it before the
 * process is done writing (as a slow `| other-program` does).
 */
export function runNewsline(args: string[], env: Record<string, string> = {}, options: { readAfterMs?: number } = {}): Promise<NewslineRun> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO_DATA: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.pause();
  setTimeout(() => child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk)).resume(), options.readAfterMs ?? 0);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.once('error', fail);
    // 'close' comes after both pipes have ended, so everything written has been read.
    child.once('close', (code) => done({ code, stdout: Buffer.concat(stdout), stderr }));
  });
}
