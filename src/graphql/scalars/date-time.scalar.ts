import { ASTNode, GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { INSTANTS_TEXT, isStorableInstant, nonexistentDay } from '../../domain/date-range';
import { shown } from '../../domain/input-check';
import { DbTimestamp, toIsoString } from '../../domain/timestamp';

const EXPECTED = 'an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z"';

/** A date-time whose seconds are 60 in a minute 59: the text before ":60" (up to the minute), and after it. */
const LEAP_SECOND = /^(\d{4}-\d{2}-\d{2}T\d{2}:59):60((?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))$/i;

/** A refusal; with the literal's node, so that the error says where in the document it is (graphql-js adds none to ours). */
const badInput = (message: string, node?: ASTNode) => new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Reads an instant. `quoted`: the message quotes the value, as a literal's must; graphql-js puts a variable's
 * message after its own "Variable "$from" got invalid value "…";", which quotes it already.
 */
function parse(value: unknown, quoted: boolean, node?: ASTNode): Date {
  const got = quoted ? `; got ${shown(value)}.` : '.';
  let date: Date;
  try {
    // A leap second (RFC 3339 allows "23:59:60Z", and "…:59:60" at any offset) is read as the second after it, as
    // PostgreSQL reads it: a JavaScript Date has no 61st second.
    const leap = typeof value === 'string' ? LEAP_SECOND.exec(value) : null;
    date = leap ? new Date((DateTimeISOResolver.parseValue(`${leap[1]}:59${leap[2]}`) as Date).getTime() + 1000) : (DateTimeISOResolver.parseValue(value) as Date);
  } catch {
    const day = nonexistentDay(value);
    throw badInput(day ? `DateTime must name a day the calendar has (${day} has none)${got}` : `DateTime must be ${EXPECTED}${got}`, node);
  }
  // Checked in UTC: "0001-01-01T00:00:00+14:00" is year 0 once the offset is applied.
  if (!isStorableInstant(date.getTime())) {
    throw badInput(`DateTime must be an instant from ${INSTANTS_TEXT}${got}`, node);
  }
  return date;
}

/** An instant as the API holds it internally: a Date, or a timestamp as a driver handed it over. */
export type IsoDateTime = DbTimestamp;

function serialize(value: unknown): string {
  try {
    return toIsoString(value as DbTimestamp);
  } catch {
    throw new TypeError(`DateTime cannot represent ${JSON.stringify(value)}`);
  }
}

/** An instant, written as ISO 8601 with an offset; read with graphql-scalars' RFC 3339 validator. */
export const DateTimeScalar = new GraphQLScalarType<Date | IsoDateTime, string>({
  name: 'DateTime',
  description: `An instant in time: ${EXPECTED}, from ${INSTANTS_TEXT}; a leap second ("…T23:59:60Z") is read as the second after it. Always answered in UTC.`,
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize,
  parseValue: (value) => parse(value, false),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw badInput(`DateTime must be a string holding ${EXPECTED}.`, ast);
    }
    return parse(ast.value, true, ast);
  },
});
