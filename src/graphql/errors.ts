import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { databaseFailure, DatabaseFailure } from '../domain/database-failure';
import { DomainError } from '../domain/errors';

/** Codes whose messages were written for the client: GraphQL's own and Apollo's request errors. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** What a client is told when the database failed it (or is not reached yet): a code to act on, nothing about the server. */
export function databaseFailureError(failure: DatabaseFailure): GraphQLFormattedError {
  return failure === 'timeout'
    ? { message: 'The database could not finish this request within its time limit. Try again shortly, or ask for less.', extensions: { code: 'TIMEOUT' } }
    : { message: 'The database is unavailable right now. Try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
}

/** Where masked internal errors are reported; the client only sees that one happened. */
export type InternalErrorLog = (error: unknown) => void;

/**
 * The one place errors become GraphQL error codes: domain errors keep their message and code,
 * request errors keep theirs, database timeouts and outages become TIMEOUT and SERVICE_UNAVAILABLE
 * (masked, and logged), and anything else is masked as INTERNAL_SERVER_ERROR.
 */
export function errorFormatter(logInternal: InternalErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { locations, path } = formatted;
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { message: original.message, locations, path, extensions: { code: original.code } };
    }
    if (original instanceof ArgumentValidationError) {
      const problems = original.extensions.validationErrors
        .flatMap((e) => Object.values(e.constraints ?? {}))
        .join('; ');
      return { message: `Invalid argument: ${problems}.`, locations, path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      return { message: formatted.message, locations, path, extensions: { code } };
    }
    logInternal(original);
    const failure = databaseFailure(original);
    if (failure) return { ...databaseFailureError(failure), locations, path };
    return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
