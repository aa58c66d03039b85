import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { databaseFailure, DatabaseFailure } from '../domain/database-failure';
import { DomainError } from '../domain/errors';

/** Codes of the limits at the edge: a refusal names the limit and gives the figures. */
export type LimitCode = 'COST_LIMIT_EXCEEDED' | 'RATE_LIMITED' | 'RESPONSE_TOO_LARGE' | 'TOO_MANY_SUBSCRIPTIONS';

/** Codes of persisted queries: an ID the server does not know, a mode that takes none, a text not in the manifest. */
export type PersistedQueryCode = 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_NOT_SUPPORTED' | 'PERSISTED_QUERY_NOT_IN_LIST';

/** Codes whose messages were written for the client: GraphQL's own, Apollo's request errors, and the limits'. */
const CLIENT_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'OPERATION_RESOLUTION_FAILURE',
  'COST_LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'RESPONSE_TOO_LARGE',
  'TOO_MANY_SUBSCRIPTIONS',
] satisfies (string | LimitCode)[]);

/** What a refusal for a query's cost tells the client to do about it. */
export const LOWER_COST_HINT = 'Ask for smaller pages (`first`), fewer nested lists or fewer aliases; the README\'s "Query cost" says how points are counted.';

/** A request went past one of the API's limits; Apollo answers it with `status` before any resolver runs. */
export class LimitError extends GraphQLError {
  constructor(code: LimitCode, message: string, status: number) {
    super(message, { extensions: { code, http: { status } } });
    this.name = 'LimitError';
  }
}

/** The body of an answer refused outside GraphQL execution (by the HTTP layer), in the shape clients parse. */
export function errorBody(code: LimitCode | PersistedQueryCode | 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR', message: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** What a client is told when the database failed it (or is not reached yet): a code to act on, nothing about the server. */
export function databaseFailureError(failure: DatabaseFailure): GraphQLFormattedError {
  return failure === 'timeout'
    ? { message: 'The database could not finish this request within its time limit. Try again shortly, or ask for less.', extensions: { code: 'TIMEOUT' } }
    : { message: 'The database is unavailable right now. Try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
}

/** Where masked internal errors are reported; the client only sees that one happened. */
export type InternalErrorLog = (error: unknown) => void;

/** How errors are shown: in production, without what would help someone map the schema. */
export interface ErrorFormatOptions {
  /** Drop graphql-js's "Did you mean …?" hints, which spell out the schema to whoever probes it (production). */
  hideSuggestions: boolean;
}

/** graphql-js ends a message with its suggestions: `Did you mean "title"?`, `Did you mean the enum value "RSS"?`. */
const SUGGESTION = / ?Did you mean .*\?$/s;

/**
 * graphql-js stops validating a document whose fields would take too long to compare (a field repeated a thousand
 * times, fragments spread into each other) with this bare message; the client is told what it means.
 */
const VALIDATION_ABORTED = 'Validation aborted.';
const TOO_COMPLEX_TO_VALIDATE =
  'This document is too complex to validate: it repeats or overlaps too many fields or fragment spreads for them to be compared. Send fewer repeated fields.';

/**
 * graphql-js's parser reads nested lists and objects by recursion: a document nested thousands deep (say, `[[[[…`)
 * overflows the stack, and the parse error carries the engine's message. The client is told what it means.
 */
const STACK_OVERFLOW = 'Maximum call stack size exceeded';
const NESTED_TOO_DEEP = 'This document nests lists, objects or selections too deeply to be read. Send a flatter document.';

/**
 * Apollo refuses introspection naming itself and the option a developer would pass it: a stranger learns the
 * server's make, and the operator is pointed at code rather than at SANDBOX.
 */
const APOLLO_NO_INTROSPECTION = 'GraphQL introspection is not allowed by Apollo Server';
const NO_INTROSPECTION = 'Introspection (__schema, __type) is not allowed on this server.';

/** The error a resolver or a request hook threw, beneath the GraphQLError that Apollo wrapped it in. */
function causeOf(formatted: GraphQLFormattedError, error: unknown): unknown {
  const original = unwrapResolverError(error);
  // A hook's error (no path) arrives wrapped without a code; one that has a code was classified already.
  const unclassified = formatted.extensions?.code === 'INTERNAL_SERVER_ERROR';
  return unclassified && original instanceof GraphQLError && original.originalError ? original.originalError : original;
}

/** graphql-js's refusal of an introspection query that nests fields, interfaces or possible types more than 3 deep. */
const INTROSPECTION_TOO_DEEP = 'Maximum introspection depth exceeded';
const INTROSPECTION_NESTED_TOO_DEEP =
  'This introspection query nests `fields`, `inputFields`, `interfaces` or `possibleTypes` within each other more than 3 levels deep, which graphql-js refuses; ask for types as the standard introspection query does (getIntrospectionQuery in graphql-js).';

/**
 * A message with every quoted name or value longer than 64 characters cut to 64 and "…": graphql-js quotes what the
 * document says ("Cannot query field "…" on type "Query"."), and a field name of 100,000 characters came back whole.
 */
function cutLongNames(message: string): string {
  return message.replace(/"([^"]{64})[^"]{16,}"/g, '"$1…"');
}

/** graphql-js's refusal of a document past its token limit (its wording, "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/;

/**
 * The one place errors become GraphQL error codes: domain errors keep their message and code,
 * request errors keep theirs, database timeouts and outages become TIMEOUT and SERVICE_UNAVAILABLE
 * (masked, and logged), and anything else is masked as INTERNAL_SERVER_ERROR.
 */
export function errorFormatter(logInternal: InternalErrorLog, options: ErrorFormatOptions = { hideSuggestions: false }) {
  const clientMessage = (message: string) => {
    if (message === VALIDATION_ABORTED) return TOO_COMPLEX_TO_VALIDATE;
    if (message.includes(STACK_OVERFLOW)) return NESTED_TOO_DEEP;
    if (message.startsWith(APOLLO_NO_INTROSPECTION)) return NO_INTROSPECTION;
    if (message === INTROSPECTION_TOO_DEEP) return INTROSPECTION_NESTED_TOO_DEEP;
    const tokens = TOO_MANY_TOKENS.exec(message);
    if (tokens) return `The document holds more than ${tokens[1]} tokens (MAX_TOKENS): send a shorter one. See the README, "Limits".`;
    return cutLongNames(options.hideSuggestions ? message.replace(SUGGESTION, '') : message);
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { locations, path } = formatted;
    const original = causeOf(formatted, error);
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
      return { message: clientMessage(formatted.message), locations, path, extensions: { code } };
    }
    // Apollo's own refusals of a request (a persisted query of another version, or whose hash is not its query's)
    // carry a 4xx status and no code: they are the client's, and their messages were written for it.
    if (isRequestRefusal(original)) return { message: clientMessage(formatted.message), locations, path, extensions: { code: 'BAD_REQUEST' } };
    logInternal(original);
    const failure = databaseFailure(original);
    if (failure) return { ...databaseFailureError(failure), locations, path };
    return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** An error Apollo raised itself (nothing beneath it) with a 4xx status for the HTTP answer. */
function isRequestRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
