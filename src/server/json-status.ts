/**
 * Whether an Accept header asks for `application/json` and not `application/graphql-response+json` (neither by name
 * nor through a wildcard): a client of the legacy media type of GraphQL over HTTP.
 */
export function acceptsOnlyLegacyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  let json = false;
  for (const part of accept.split(',')) {
    const [range, ...parameters] = part.split(';');
    const type = range.trim().toLowerCase();
    const q = parameters.map((parameter) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
    if (q !== undefined && Number(q) === 0) continue;
    if (type === 'application/graphql-response+json' || type === 'application/*' || type === '*/*') return false;
    if (type === 'application/json') json = true;
  }
  return json;
}

/**
 * The status of an answer to a client of the legacy `application/json` media type: the GraphQL-over-HTTP specification asks
 * for 200 for every well-formed request, so that such a client reads the errors of a document that does not parse
 * or validate, or of variables that do not fit, in the body. A request that is not well-formed (BAD_REQUEST: no
 * `query`, a body that is not JSON) and every other status keep theirs.
 */
export function legacyJsonStatus(status: number, body: Buffer): number {
  if (status !== 400) return status;
  let errors: unknown;
  try {
    errors = (JSON.parse(body.toString('utf8')) as { errors?: unknown }).errors;
  } catch {
    return status;
  }
  if (!Array.isArray(errors) || errors.length === 0) return status;
  const malformed = errors.some((error: { extensions?: { code?: unknown } }) => error?.extensions?.code === 'BAD_REQUEST');
  return malformed ? status : 200;
}
