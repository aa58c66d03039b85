import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by the processes of this machine named `postgres` (the server and its backends), from
 * /proc; null where there is no /proc (not Linux). A backend that exits takes its time with it: read it around
 * work done on connections that stay open, as a pool's do.
 */
export function postgresCpuSeconds(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      continue; // it exited meanwhile
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so the fields are counted from its last ')'.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (stat.slice(open + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' ');
    // After comm: state is field 3, utime 14 and stime 15 (proc(5)), so indexes 11 and 12 here.
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}
