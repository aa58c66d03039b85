import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { GraphQLError } from 'graphql';
import { DbTimestamp, toIsoString } from '../../domain/timestamp';

const EXPECTED = 'an ISO 8601 date-time with a time-zone offset, such as "2024-03-20T16:00:00+04:00" or "2024-03-20T12:00:00Z"';

function parse(value: unknown): Date {
  try {
    return DateTimeISOResolver.parseValue(value) as Date;
  } catch {
    throw new GraphQLError(`DateTime must be ${EXPECTED}; got ${JSON.stringify(value)}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
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
  description: `An instant in time: ${EXPECTED}. Always answered in UTC.`,
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize,
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`DateTime must be a string holding ${EXPECTED}.`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parse(ast.value);
  },
});
