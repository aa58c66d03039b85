import { QueryFailedError } from 'typeorm';
import { databaseFailure } from '../../src/domain/database-failure';

/** An error shaped as node-postgres raises it: a message, and a SQLSTATE or errno code when there is one. */
const pgError = (message: string, code?: string, cause?: unknown) => Object.assign(new Error(message, { cause }), code ? { code } : {});

describe('databaseFailure', () => {
  it.each([
    ['statement_timeout', pgError('canceling statement due to statement timeout', '57014'), 'timeout'],
    ['lock_timeout', pgError('canceling statement due to lock timeout', '55P03'), 'timeout'],
    ["TypeORM's wrapper of a statement timeout", new QueryFailedError('SELECT 1', [], pgError('canceling statement due to statement timeout', '57014')), 'timeout'],
    ['connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unavailable'],
    ['connection refused on every address of a host', new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]), 'unavailable'],
    ['host not found', pgError('getaddrinfo ENOTFOUND db', 'ENOTFOUND'), 'unavailable'],
    ['no pooled connection in time', pgError('timeout exceeded when trying to connect'), 'unavailable'],
    ['a connect that timed out', pgError('Connection terminated due to connection timeout', undefined, pgError('Connection terminated unexpectedly')), 'unavailable'],
    ['a server that stopped answering', pgError('Query read timeout'), 'unavailable'],
    ['a connection lost mid-query', pgError('Connection terminated unexpectedly'), 'unavailable'],
    ['the server shutting down', pgError('terminating connection due to administrator command', '57P01'), 'unavailable'],
    ['the server starting up', pgError('the database system is starting up', '57P03'), 'unavailable'],
    ['a connection exception', pgError('connection failure', '08006'), 'unavailable'],
    ['too many connections', pgError('sorry, too many clients already', '53300'), 'unavailable'],
    ['no such database', pgError('database "x" does not exist', '3D000'), 'refused'],
    ['no such role', pgError('role "x" does not exist', '28000'), 'refused'],
    ['a wrong password', pgError('password authentication failed for user "x"', '28P01'), 'refused'],
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505'), null],
    ['a bug', new TypeError('x is undefined'), null],
    ['a thrown string', 'boom', null],
  ])('%s', (_name, error, expected) => {
    expect(databaseFailure(error)).toBe(expected);
  });
});
