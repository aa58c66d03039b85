import type http from 'node:http';

/** Content types a browser sends to another site without asking first (the Fetch standard's CORS-safelisted ones). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** Headers no browser adds by itself: a request with one of them was let through a CORS preflight. */
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Why a POST is refused as a possible cross-site request forgery (CSRF), or null when it is not: a POST that a web
 * page could make a browser send to this API without a CORS preflight (a form, a text/plain or untyped body, and
 * none of PREFLIGHT_HEADERS) is refused whatever it holds, so that no page can make a visitor's browser run a
 * mutation. GET needs no such check: it never runs a mutation (Apollo answers those with 405), and reads carry no
 * credentials.
 */
export function crossSiteRefusal(headers: http.IncomingHttpHeaders): string | null {
  const contentType = headers['content-type']?.split(';')[0].trim().toLowerCase() ?? '';
  if (contentType !== '' && !SIMPLE_CONTENT_TYPES.includes(contentType)) return null;
  if (PREFLIGHT_HEADERS.some((name) => (headers[name]?.length ?? 0) > 0)) return null;
  const sent = contentType === '' ? 'no Content-Type' : `Content-Type ${contentType}`;
  return (
    `A POST to /graphql must have Content-Type: application/json; this one has ${sent}, which any web page can make a ` +
    'browser send to another site, so it is refused as a possible cross-site request forgery (CSRF). Queries may also be sent as GET.'
  );
}
