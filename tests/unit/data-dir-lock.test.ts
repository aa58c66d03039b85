import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusyError, lockDataDir } from '../../src/db/data-dir-lock';
import { ensureBuilt } from '../helpers/cli-process';

const folder = () => mkdtempSync(join(tmpdir(), 'newsline-lock-'));

describe('the embedded database folder lock', () => {
  it('is taken and given back', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'newsline.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'newsline.lock'))).toBe(false);
  });

  it('refuses a folder another living process holds, saying what to do', () => {
    const dir = folder();
    writeFileSync(join(dir, 'newsline.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    expect(() => lockDataDir(dir)).toThrow(
      new Error(
        `The embedded database in ${dir} is in use by process ${process.ppid} (a running \`newsline serve\` or \`worker\`?). ` +
          "PGlite lets one process at a time open it: stop that process first, manage sources through the running server's API instead " +
          '(addSource, refreshSource with ADMIN_TOKEN), or set DATABASE_URL to share a PostgreSQL server.',
      ),
    );
  });

  it('takes over a lock left by a process that has died', () => {
    const dir = folder();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, 'newsline.lock'), dead);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'newsline.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('is held by one process alone of many that take it at the same moment, on a new folder and over a dead one\'s lock', async () => {
    ensureBuilt();
    const lockModule = join(__dirname, '../../dist/src/db/data-dir-lock.js');
    // Each child waits for the same moment, tries to take the lock, says how it went, and lives (holding the lock
    // if it took it) until its standard input ends, which comes once every child has said.
    const child = `
      const { lockDataDir } = require(${JSON.stringify(lockModule)});
      const [dir, at] = process.argv.slice(1);
      while (Date.now() < Number(at)) {}
      try { lockDataDir(dir); process.stdout.write('held'); }
      catch (error) { process.stdout.write(error.name === 'DataDirBusyError' ? 'busy' : 'failed: ' + error.message); }
      process.stdin.resume();`;
    const round = async (dir: string) => {
      const at = Date.now() + 1000;
      const children = Array.from({ length: 12 }, () => spawn(process.execPath, ['-e', child, dir, String(at)]));
      try {
        const outcomes = await Promise.all(children.map((c) => new Promise<string>((done) => c.stdout.once('data', (data) => done(String(data))))));
        return outcomes.sort();
      } finally {
        for (const c of children) c.stdin.end();
        await Promise.all(children.map((c) => new Promise((done) => (c.exitCode === null ? c.once('close', done) : done(null)))));
      }
    };
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const expected = ['busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'held'];
    for (let i = 0; i < 2; i++) {
      expect(await round(folder())).toEqual(expected);
      const stale = folder();
      writeFileSync(join(stale, 'newsline.lock'), dead);
      expect(await round(stale)).toEqual(expected);
    }
  }, 30_000);
});
