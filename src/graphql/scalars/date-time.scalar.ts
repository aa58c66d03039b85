import { ASTNode, GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { INSTANTS_TEXT, isStorableInstant, nonexistentDay } from '../../domain/date-range';
import { shown } from '../../domain/input-check';
import { DbTimestamp, toIsoString } from '../../domain/timestamp';

const EXPECTED = 'an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z"';

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
    date = DateTimeISOResolver.parseValue(value) as Date;
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
  description: `An instant in time: ${EXPECTED}, from ${INSTANTS_TEXT}. Always answered in UTC.`,
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
