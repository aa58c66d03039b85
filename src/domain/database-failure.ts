/**
 * What a failed database call means for whoever waits on it:
 * - `timeout`: a statement ran out of time (statement_timeout, lock_timeout); the database is up.
 * - `unavailable`: the database could not be reached, did not answer, or had no connection free in time; it may come back.
 * - `refused`: the database answered but will not let us in (no such database, role or password); it will not fix itself.
 */
export type DatabaseFailure = 'timeout' | 'unavailable' | 'refused';

/** SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) by what they mean here. */
const STATES: Record<string, DatabaseFailure> = {
  '57014': 'timeout', // query_canceled: statement_timeout
  '55P03': 'timeout', // lock_not_available: lock_timeout
  '57P01': 'unavailable', // admin_shutdown
  '57P02': 'unavailable', // crash_shutdown
  '57P03': 'unavailable', // cannot_connect_now: starting up or in recovery
  '53300': 'unavailable', // too_many_connections
  '3D000': 'refused', // invalid_catalog_name: no such database
  '28000': 'refused', // invalid_authorization_specification: no such role, or pg_hba refuses
  '28P01': 'refused', // invalid_password
};

const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Messages of node-postgres and pg-pool that carry no code: a lost connection, a silent server, a full pool. */
const UNREACHABLE_MESSAGES = /^(Connection terminated|timeout expired|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/** Classifies a thrown value from a database call (node-postgres, pg-pool, TypeORM's wrapper); null when it is none of these. */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  for (const cause of causes(error)) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (STATES[code]) return STATES[code];
      if (code.startsWith('08')) return 'unavailable'; // connection_exception class
      if (UNREACHABLE_ERRNOS.has(code)) return 'unavailable';
    }
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return 'unavailable';
  }
  return null;
}

/** The value and what it wraps: TypeORM's driverError, an Error's cause, an AggregateError's errors. */
export function causes(error: unknown, depth = 0): unknown[] {
  if (error === null || typeof error !== 'object' || depth > 4) return [];
  const { driverError, cause, errors } = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])].filter((e) => e !== undefined && e !== error);
  return [error, ...inner.flatMap((e) => causes(e, depth + 1))];
}
