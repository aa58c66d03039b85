import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The embedded database's folder is held by another living process. */
export class DataDirBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (a running \`newsline serve\` or \`worker\`?). ` +
        'PGlite lets one process at a time open it: stop that process first, manage sources through the running ' +
        "server's API instead (addSource, refreshSource with ADMIN_TOKEN), or set DATABASE_URL to share a PostgreSQL server.",
    );
    this.name = 'DataDirBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `mkdir -p`, failing where a folder cannot be made. Node's recursive mkdir loops for ever (at full CPU) where mkdir
 * says ENOENT although the parent exists (under /proc): the first missing level is made plainly, which fails there.
 */
function makeFolder(folder: string): void {
  let missing = folder;
  while (!existsSync(missing) && !existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  if (!existsSync(missing)) mkdirSync(missing);
  mkdirSync(folder, { recursive: true });
}

/** A takeover guard older than this was left by a process that died while it held it (it holds it for microseconds). */
const GUARD_STALE_MS = 10_000;
/** Rounds of trying: each either takes the lock, finds it held, or clears a dead holder's (another process may win it). */
const ATTEMPTS = 100;

/** The pid a lock file names (NaN when it names none), or undefined when there is no lock file. */
function holderOf(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes the lock file of `holder`, a process that has died, unless another process has taken it over meanwhile.
 * Only the process holding the takeover guard (created exclusively) reads and removes a lock file, so no two can
 * remove one after the other, the second a lock the first has just taken.
 */
function clearDeadHolder(file: string, holder: number): void {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_STALE_MS) rmSync(guard, { force: true });
    } catch {
      // Gone meanwhile.
    }
    pause(5);
    return;
  }
  try {
    const now = holderOf(file);
    if (now !== undefined && (Number.isNaN(now) ? Number.isNaN(holder) : now === holder)) rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

/**
 * Takes the lock file of an embedded database folder, so that a second process cannot open (and corrupt) the same
 * files; a lock left by a dead process is taken over. Returns the release. The lock file comes into being with its
 * pid already written (a file of this process's, hard-linked as the lock: link fails where the lock exists), so no
 * process ever reads a lock without its holder, and takes a live one for a dead one's.
 */
export function lockDataDir(dataDir: string): () => void {
  const folder = resolve(dataDir);
  makeFolder(folder);
  const file = join(folder, 'newsline.lock');
  const mine = join(folder, `newsline.lock.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(mine, String(process.pid));
  } catch (error) {
    // Said of the lock: the file of its own is how the lock is written.
    (error as NodeJS.ErrnoException).path = file;
    throw error;
  }
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        linkSync(mine, file);
        return () => {
          // Only its own: a lock taken over since (this process died to the others, say) is not this one's to remove.
          if (holderOf(file) === process.pid) rmSync(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = holderOf(file);
      if (holder === undefined) continue;
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) throw new DataDirBusyError(dataDir, holder);
      clearDeadHolder(file, holder);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(`Could not take the lock ${file}.`);
}
