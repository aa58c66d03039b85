import { resolve, sep } from 'node:path';
import { Config, ConfigError } from './config/config';
import { DataDirBusyError } from './db/data-dir-lock';
import { causes, databaseFailure } from './domain/database-failure';
import { DomainError, errorMessage } from './domain/errors';

/** `serve` or `worker` waited DATABASE_WAIT_SECONDS for a database that never answered. */
export class DatabaseWaitExpired extends Error {
  constructor(
    readonly seconds: number,
    readonly lastFailure: unknown,
  ) {
    super(`The database did not answer within DATABASE_WAIT_SECONDS=${seconds}`, { cause: lastFailure });
    this.name = 'DatabaseWaitExpired';
  }
}

/** A failure told to a person: one line saying what happened and what to do, and the exit code it earns. */
export interface FailureHint {
  line: string;
  /** 2 for a usage error (a bad option or variable), 1 for a failure at run time. */
  exitCode: 1 | 2;
}

type Context = Partial<Pick<Config, 'databaseUrl' | 'dataDir' | 'databaseConnectTimeoutMs'>>;

interface Cause {
  code?: string;
  message: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  path?: string;
}

/** The one place a failure becomes a line and a hint: what `newsline` prints before it exits, and what `serve` logs while it waits. */
export function failureHint(error: unknown, context: Context = {}): FailureHint {
  if (error instanceof ConfigError) return { line: error.message, exitCode: 2 };
  if (error instanceof DomainError || error instanceof DataDirBusyError) return { line: error.message, exitCode: 1 };
  if (error instanceof DatabaseWaitExpired) return { line: `${error.message}: ${failureHint(error.lastFailure, context).line}`, exitCode: 1 };
  for (const cause of causes(error) as Cause[]) {
    const line = explain(cause, context);
    if (line) return { line, exitCode: 1 };
  }
  return { line: `newsline failed: ${errorMessage(error)}`, exitCode: 1 };
}

function explain(cause: Cause, context: Context): string | undefined {
  const db = database(cause, context);
  const { code = '', message, port } = cause;
  if (cause.syscall === 'listen') {
    if (code === 'EADDRINUSE') return `Port ${port} is already in use: stop the program listening there, or set PORT to another port (PORT=0 picks a free one).`;
    if (code === 'EACCES') return `Not allowed to listen on port ${port}: ports below 1024 need privileges; set PORT to 1024 or above.`;
    if (code === 'EADDRNOTAVAIL') return `Cannot listen on ${cause.address}: it is not an address of this machine; set HOST to one that is, or to 0.0.0.0 for all.`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot listen on ${cause.address}: no host of that name was found (${code}); set HOST to an address of this machine, or to 0.0.0.0 for all.`;
  }
  const dataDir = dataDirProblem(cause, context);
  if (dataDir) return dataDir;
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing accepts connections at ${db.where} (connection refused): start PostgreSQL there, or fix the host and port in DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The database host "${cause.hostname ?? db.host}" was not found: fix the host in DATABASE_URL.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${db.where} cannot be reached (${code}): check the host in DATABASE_URL and the network to it.`;
    case '3D000':
      return `The database "${db.name}" does not exist on ${db.where}: create it (createdb ${db.flags} ${db.name}), or fix its name in DATABASE_URL.`;
    case '28000': {
      const role = /role "(.*)" does not exist/.exec(message)?.[1];
      if (role) return `The role "${role}" does not exist on ${db.where}: create it (createuser ${db.hostFlags} -U postgres ${role}), or fix the user in DATABASE_URL.`;
      return `${db.where} refuses the connection (${message}): allow it in the server's pg_hba.conf, or fix DATABASE_URL.`;
    }
    case '28P01':
      return `${db.where} refused the password of user "${db.user}": fix the password in DATABASE_URL.`;
    case '57014':
      return `A statement ran out of time (${message}): raise DATABASE_WRITE_TIMEOUT_MS for writes and migrations, DATABASE_STATEMENT_TIMEOUT_MS for reads.`;
    case '55P03':
      return `A statement could not take a lock in time (${message}): another session holds it; try again, or raise DATABASE_LOCK_TIMEOUT_MS.`;
    case '57P03':
      return `${db.where} is starting up or recovering and accepts no connections yet: try again shortly.`;
    case '53300':
      return `${db.where} has no connection left (too many clients): lower DATABASE_POOL_SIZE, or raise max_connections on the server.`;
  }
  if (/^(timeout expired|Connection terminated due to connection timeout)/.test(message)) {
    return `${db.where} accepted a connection but did not answer within DATABASE_CONNECT_TIMEOUT_MS=${context.databaseConnectTimeoutMs ?? '?'}: check that it is PostgreSQL and not overloaded.`;
  }
  if (databaseFailure(cause) === 'unavailable') return `The database at ${db.where} cannot be reached (${message}): check that it runs and that DATABASE_URL points at it.`;
  return undefined;
}

/** A file system failure on the embedded database's folder, told as what is wrong with DATA_DIR. */
function dataDirProblem(cause: Cause, context: Context): string | undefined {
  if (!context.dataDir || context.databaseUrl || !cause.path) return undefined;
  const folder = resolve(context.dataDir);
  const path = resolve(cause.path);
  if (path !== folder && !path.startsWith(folder + sep) && !folder.startsWith(path + sep)) return undefined;
  const name = `DATA_DIR=${context.dataDir}`;
  const fix = 'set DATA_DIR to a folder; it is created if missing.';
  if (cause.code === 'EEXIST') return `${name} is a file, not a folder: ${fix}`;
  if (cause.code === 'ENOTDIR') return `${name} lies under a file, not a folder: ${fix}`;
  if (cause.code === 'EACCES' || cause.code === 'EPERM' || cause.code === 'EROFS') {
    return `${name} cannot be written by this user (${cause.code} on ${cause.path}): choose a folder it can write, or change the folder's owner or permissions.`;
  }
  // mkdir's ENOENT where the parent exists: a file system that holds no folders of ours (/proc, /sys).
  if (cause.code === 'ENOENT' && cause.syscall === 'mkdir') return `${name} cannot be created (ENOENT on ${cause.path}): ${fix}`;
  return undefined;
}

/** Where the database is, from the failure when it says and from DATABASE_URL otherwise; never the password. */
function database(cause: Cause, context: Context) {
  const url = context.databaseUrl ? new URL(context.databaseUrl) : undefined;
  // The configuration checks the escapes; a hint never fails for one it let through.
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const host = cause.address ?? (url ? decode(url.hostname) : 'localhost');
  const port = cause.port ?? Number(url?.port || 5432);
  const user = decode(url?.username || 'postgres');
  const name = decode(url?.pathname.slice(1) || user);
  const hostFlags = `-h ${host} -p ${port}`;
  return { host, where: `${host}:${port}`, user, name, hostFlags, flags: `${hostFlags} -U ${user}` };
}
