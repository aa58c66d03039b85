import { spawn } from 'node:child_process';
import path from 'node:path';

/** The compiled `newsline` command, beside this file in dist/. */
export const CLI_PATH = path.resolve(__dirname, '../src/cli/main.js');

/** The environment of a `newsline` child process talking to this database, quiet unless something goes wrong. */
export function cliEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: databaseUrl, DEMO_DATA: 'never', LOG_LEVEL: 'warn', ...extra };
}

/**
 * Runs `newsline <args>` to completion and returns its stdout; its stderr passes through (the demo
 * generator draws progress there on a terminal). Rejects, with the output, when it exits non-zero.
 */
export function runCli(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: cliEnv(databaseUrl),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`\`newsline ${args.join(' ')}\` exited with ${signal ?? `code ${code}`}.\n${stdout}`));
    });
  });
}
