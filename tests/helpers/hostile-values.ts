import fc from 'fast-check';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLOutputType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

/**
 * Values taken from the running server that forged values are built around: real IDs and strings, and the
 * cursor fingerprint of the list being attacked (so that forged cursors get past the filter check).
 */
export interface RealValues {
  ids: string[];
  fingerprints: string[];
  strings: string[];
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Numbers at and beyond every edge a value crosses on its way to PostgreSQL: int4, epoch ms of Date and timestamptz, doubles. */
const EDGE_NUMBERS = [
  0, -0, 1, -1, 20, 100, 101, 2147483647, 2147483648, -2147483648, -2147483649, 4294967296, 9999999999,
  Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e15, -1e15, 8.64e15, 8.64e15 + 1, -8.64e15 - 1,
  -62135596800000, -62135596800001, 253402300799999, 253402300800000, -62167219200000, 1e21, 1e308, 5e-324, 1.5, -0.5,
];

/** Texts that PostgreSQL, UTF-8, a URL parser or a LIKE pattern treat specially. */
const ODD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udbff\udfff', '\ufeff', '\uffff', '\ufffd', '\u202e', '\u2028',
  'e\u0301', '\u{1F600}', '\u0085', '%', '_', '\\', '%00', '\'; DROP TABLE article; --', 'null', '0', '-1', 'NaN',
  'x'.repeat(2048), 'x'.repeat(2049), 'x'.repeat(20000), '\u{1F600}'.repeat(1025), 'a\u0000'.repeat(3000),
  'https://A.EXAMPLE/?utm_source=x#frag', 'javascript:alert(1)', 'http://[::1]/', 'http://%00/', 'https://a.example/\u0000',
];

/** ISO texts at and beyond the instants both databases and Date share (0001–9999 in UTC), with odd offsets and forms. */
const EDGE_DATES = [
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00-14:00',
  '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-14:00', '9999-12-31T23:59:59+14:00', '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z', '-000001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '2024-02-30T00:00:00Z',
  '2024-01-01T00:00:00', '2024-01-01T23:59:60Z', '2024-01-01t00:00:00z', '2024-01-01T00:00:00.123456789+05:45',
];

/** One of a few arbitraries, the first (the edge cases) chosen most often. */
const mostly = <T>(first: fc.Arbitrary<T>, ...rest: fc.Arbitrary<T>[]): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: first, weight: 3 }, ...rest.map((arbitrary) => ({ arbitrary, weight: 1 })));

const edgeNumberText = mostly(fc.constantFrom(...EDGE_NUMBERS.map(String)), fc.bigInt().map(String), fc.string({ maxLength: 12 }));

/** Epoch milliseconds and row ids in the shape a cursor holds them, at and past the instants and ids a row can have. */
const CURSOR_TIMES = ['-62135596800000', '-62135596800001', '-62167219200000', '253402300799999', '253402300800000', '999999999999999', '-999999999999999', '0'];
const CURSOR_IDS = ['1', '2147483647', '2147483648', '4294967296', '9999999999'];

/** A cursor as the API makes them ("v1:<epoch ms>:<id>:<fingerprint>"), forged with extreme numbers and odd fields. */
function forgedCursor(real: RealValues): fc.Arbitrary<string> {
  const fingerprint = real.fingerprints.length > 0 ? mostly(fc.constantFrom(...real.fingerprints), fc.string({ minLength: 14, maxLength: 14 })) : fc.string();
  return fc
    .tuple(
      mostly(fc.constant('v1'), fc.constantFrom('v2', '', 'v1:v1')),
      mostly(fc.constantFrom(...CURSOR_TIMES), edgeNumberText),
      mostly(fc.constantFrom(...CURSOR_IDS), edgeNumberText),
      fingerprint,
    )
    .map((parts) => base64url(parts.join(':')));
}

/** Scores in the shape a ranked cursor holds them: at and past what a double holds, and not numbers at all. */
const CURSOR_SCORES = ['0', '-0', '1e308', '2e308', '5e-324', '1e-400', '-1e308', 'NaN', 'Infinity', '0.1.2', 'e', '1e+308'];

/** A ranked cursor as search makes them ("r1:<score>:<id>:<as-of epoch ms>:<fingerprint>"), forged alike. */
function forgedScoreCursor(real: RealValues): fc.Arbitrary<string> {
  const fingerprint = real.fingerprints.length > 0 ? mostly(fc.constantFrom(...real.fingerprints), fc.string({ minLength: 14, maxLength: 14 })) : fc.string();
  return fc
    .tuple(
      mostly(fc.constant('r1'), fc.constantFrom('v1', 'r2', '')),
      mostly(fc.constantFrom(...CURSOR_SCORES), fc.double().map(String), edgeNumberText),
      mostly(fc.constantFrom(...CURSOR_IDS), edgeNumberText),
      mostly(fc.constantFrom(...CURSOR_TIMES), edgeNumberText),
      fingerprint,
    )
    .map((parts) => base64url(parts.join(':')));
}

/** A global ID as the API makes them ("Type:id"), forged with other types and ids beyond int4. */
function forgedGlobalId(): fc.Arbitrary<string> {
  const type = mostly(fc.constantFrom('Article', 'NewsItem', 'Source', 'Category'), fc.constantFrom('Node', 'article', '', 'Article:1'));
  return fc.tuple(type, mostly(edgeNumberText, fc.constantFrom('01', '1e3', '0x10', ' 1'))).map(([t, n]) => base64url(`${t}:${n}`));
}

/** Any string a hostile client might send: odd texts, random Unicode (lone surrogates included), forged cursors and IDs, dates. */
export function hostileString(real: RealValues): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 3 },
    { arbitrary: forgedCursor(real), weight: 3 },
    { arbitrary: forgedScoreCursor(real), weight: 2 },
    { arbitrary: forgedGlobalId(), weight: 2 },
    { arbitrary: hostileDate(), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }), weight: 1 },
  );
}

/** A DateTime text at or beyond the edges, or any instant JavaScript can name, written with a random offset. */
export function hostileDate(): fc.Arbitrary<string> {
  const anyInstant = fc
    .tuple(fc.date({ noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }))
    .map(([date, offset]) => withOffset(date, offset));
  return mostly(fc.constantFrom(...EDGE_DATES), anyInstant);
}

function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  if (Number.isNaN(local.getTime())) return date.toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return local.toISOString().replace('Z', zone);
}

/** A number at an edge, or any double (fractional, huge, negative). */
const hostileNumber = mostly(fc.constantFrom(...EDGE_NUMBERS), fc.integer(), fc.double({ noNaN: true }));

/** A value of the wrong shape: any JSON, or lists nested deeper than any input type. */
export const wrongShape = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown),
  fc.constant({ from: { from: { from: {} } } } as unknown),
);

/** A value a well-behaved client could send: real IDs and strings, small page sizes, recent instants. */
function plausibleValue(type: GraphQLInputType, real: RealValues): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return fc.array(plausibleValue(inner.ofType, real), { minLength: 1, maxLength: 3 });
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, plausibleValue(f.type, real)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  }
  if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((v) => v.name));
  switch (getNamedType(inner).name) {
    case 'Int':
    case 'Float':
      return fc.integer({ min: 1, max: 100 });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'ID':
      return real.ids.length > 0 ? fc.constantFrom(...real.ids) : fc.string();
    default:
      return real.strings.length > 0 ? fc.constantFrom(...real.strings) : fc.string();
  }
}

/**
 * A hostile value for a GraphQL input type, read from the type itself: each scalar gets values at and past
 * its edges, lists come empty, bare, huge or with one hostile item, input objects with one hostile field,
 * and anything may be null or of the wrong shape.
 */
export function hostileValue(type: GraphQLInputType, real: RealValues): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  return fc.oneof(
    { arbitrary: hostileOfType(inner, real), weight: 8 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: wrongShape, weight: 1 },
  );
}

function hostileOfType(type: GraphQLInputType, real: RealValues): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const item = hostileValue(type.ofType, real);
    const plausible = plausibleValue(type.ofType, real);
    // Huge, but kept well under the 1 MiB body limit so the request is read, not refused by size.
    const huge = fc
      .tuple(fc.oneof(item, plausible), fc.constantFrom(101, 1000, 5000))
      .map(([value, n]) => Array.from({ length: Math.min(n, Math.floor(100_000 / ((JSON.stringify(value) ?? '').length + 1))) }, () => value));
    const amongPlausible = fc.tuple(fc.array(plausible, { maxLength: 2 }), item).map(([items, bad]) => [...items, bad]);
    return fc.oneof(amongPlausible, item, fc.constant([]), huge);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.nat({ max: fields.length - 1 }).chain((i) => recordWith(fields, fields[i].name, hostileValue(fields[i].type, real), real));
  }
  if (isEnumType(type)) return fc.oneof(hostileString(real), hostileNumber);
  switch (getNamedType(type).name) {
    case 'Int':
    case 'Float':
      return mostly<unknown>(hostileNumber, hostileString(real));
    case 'Boolean':
      return fc.oneof(hostileNumber, hostileString(real));
    case 'DateTime':
      return mostly<unknown>(hostileDate(), hostileString(real), hostileNumber);
    default:
      // String, ID and any scalar added later: a hostile string, or a number where text is expected.
      return mostly<unknown>(hostileString(real), hostileNumber);
  }
}

type InputField = GraphQLArgument | GraphQLInputField;

/**
 * An object of arguments or input fields with `value` under `chosen`, the other required ones plausible
 * and the optional ones left out: the chosen value, not a clash between others, is what the server answers.
 */
function recordWith(fields: readonly InputField[], chosen: string, value: fc.Arbitrary<unknown>, real: RealValues): fc.Arbitrary<Record<string, unknown>> {
  const required = fields.filter((f) => isNonNullType(f.type) && f.name !== chosen);
  return fc
    .tuple(value, fc.tuple(...required.map((f) => plausibleValue(f.type, real))))
    .map(([v, others]) => ({ ...Object.fromEntries(required.map((f, i) => [f.name, others[i]])), [chosen]: v }));
}

/** A place in a field's arguments that takes a scalar, an enum or a list: an argument, or a field of an input object argument. */
export interface ArgumentPosition {
  /** As a failure names it, such as "articles(filter.publishedAt.from)". */
  name: string;
  path: string[];
  type: GraphQLInputType;
}

/** Every position in a field's arguments, found by walking into input objects (to a depth that stops cycles). */
export function argumentPositions(field: GraphQLField<unknown, unknown>): ArgumentPosition[] {
  const positions: ArgumentPosition[] = [];
  const walk = (path: string[], type: GraphQLInputType) => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isInputObjectType(inner) && path.length < 6) for (const f of Object.values(inner.getFields())) walk([...path, f.name], f.type);
    else positions.push({ name: `${field.name}(${path.join('.')})`, path, type });
  };
  for (const arg of field.args) walk([arg.name], arg.type);
  return positions;
}

/** Arguments of `field` with `value` at `position`, built through the input objects on its path. */
function argumentsWith(field: GraphQLField<unknown, unknown>, position: ArgumentPosition, value: fc.Arbitrary<unknown>, real: RealValues): fc.Arbitrary<Record<string, unknown>> {
  const build = (fields: readonly InputField[], path: string[]): fc.Arbitrary<Record<string, unknown>> => {
    const [name, ...rest] = path;
    const field = fields.find((f) => f.name === name) as InputField;
    const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
    return recordWith(fields, name, rest.length === 0 ? value : build(Object.values((inner as GraphQLInputObjectType).getFields()), rest), real);
  };
  return build(field.args, position.path);
}

/**
 * The hostile cases for one argument position: one example of each kind of value its type must refuse
 * or survive (always run, so every position meets every kind), and random hostile values beyond them.
 */
export function hostileCasesAt(
  field: GraphQLField<unknown, unknown>,
  position: ArgumentPosition,
  real: RealValues,
): { examples: Record<string, unknown>[]; random: fc.Arbitrary<Record<string, unknown>> } {
  const examples = representatives(position.type, real).map(
    (value, i) => fc.sample(argumentsWith(field, position, fc.constant(value), real), { numRuns: 1, seed: i })[0],
  );
  return { examples, random: argumentsWith(field, position, hostileValue(position.type, real), real) };
}

/** One value of each hostile kind for a type: NUL, lone surrogate, over-long, forged cursors and IDs, dates and numbers past the edges. */
function representatives(type: GraphQLInputType, real: RealValues): unknown[] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const many = fc.sample(plausibleValue(inner.ofType, real), { numRuns: 1, seed: 1 })[0];
    return [[], Array.from({ length: 5000 }, () => many), ...representatives(inner.ofType, real).map((item) => [item])];
  }
  if (isInputObjectType(inner)) return [{}];
  if (isEnumType(inner)) return ['A\u0000', 12];
  const fingerprint = real.fingerprints[0] ?? 'x'.repeat(14);
  switch (getNamedType(inner).name) {
    case 'Int':
    case 'Float':
      return [2147483648, -1, 1.5, '1'];
    case 'Boolean':
      return ['true', 2];
    case 'DateTime':
      return ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00', '+275760-09-13T00:00:00Z', 0];
    default:
      return [
        'a\u0000b',
        'x\ud800y',
        'x'.repeat(2049),
        base64url(`v1:-62135596800001:1:${fingerprint}`),
        base64url(`v1:0:2147483648:${fingerprint}`),
        base64url(`r1:1e308:1:253402300799999:${fingerprint}`),
        base64url(`r1:5e-324:2147483648:0:${fingerprint}`),
        base64url(`r1:0.5:1:-62135596800001:${fingerprint}`),
        base64url('Article:2147483648'),
      ];
  }
}

/** Arguments of `field` that are all hostile at once, each present or not. */
export function hostileArguments(field: GraphQLField<unknown, unknown>, real: RealValues): fc.Arbitrary<Record<string, unknown>> {
  const requiredKeys = field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name);
  return fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, hostileValue(arg.type, real)])), { requiredKeys });
}

/** A selection of every field without required arguments, `levels` deep, so results are read as a client reads them. */
export function selectionOf(type: GraphQLOutputType, levels = 2): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const parts = ['__typename'];
  if (isObjectType(named) || isInterfaceType(named)) {
    for (const field of Object.values(named.getFields())) {
      if (field.args.some((arg) => isNonNullType(arg.type))) continue;
      if (isLeafType(getNamedType(field.type))) parts.push(field.name);
      else if (levels > 1) parts.push(`${field.name} ${selectionOf(field.type, levels - 1)}`);
    }
  } else if (isUnionType(named)) {
    for (const member of named.getTypes()) parts.push(`... on ${member.name} ${selectionOf(member, levels)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Whether a root field is read with a query or called with a mutation. */
export type OperationType = 'query' | 'mutation';

/** The operation calling `field` with its arguments passed as variables. */
export function withVariables(
  operation: OperationType,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): { query: string; variables: Record<string, unknown> } {
  const used = field.args.filter((arg) => arg.name in args);
  const declared = used.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return {
    query: `${operation} Hostile${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type)} }`,
    variables: args,
  };
}

/** The operation calling `field` with its arguments written into the document as literals. */
export function withLiterals(operation: OperationType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
  const used = field.args.filter((arg) => arg.name in args);
  const passed = used.map((arg: GraphQLArgument) => `${arg.name}: ${literal(args[arg.name], arg.type)}`).join(', ');
  return `${operation} Hostile { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type)} }`;
}

/** A value written as a GraphQL literal; strings are JSON-escaped, which GraphQL's string syntax shares. */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return inner && isEnumType(getNamedType(inner)) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const item = inner && isListType(inner) ? inner.ofType : undefined;
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
  const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => `${key}: ${literal(v, fields[key]?.type)}`);
  return `{ ${entries.join(', ')} }`;
}
