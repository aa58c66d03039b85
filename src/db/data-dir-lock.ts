import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Takes the lock file of an embedded database folder, so that a second process cannot open
 * (and corrupt) the same files; a lock left by a dead process is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const folder = resolve(dataDir);
  makeFolder(folder);
  const file = join(folder, 'newsline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirBusyError(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}.`);
}
