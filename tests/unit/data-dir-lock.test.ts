import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusyError, lockDataDir } from '../../src/db/data-dir-lock';

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
});
