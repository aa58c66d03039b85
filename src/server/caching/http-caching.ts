import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CacheFacts } from './cache-control-plugin';

/**
 * The Cache-Control of an answer from /graphql (RFC 9111 §5.2.2): a query answered without errors may be kept for
 * its max-age, by shared caches (CDNs, proxies) unless the request carried a token (`private`: only the client's
 * own cache); everything else, mutations and errors included, is `no-store`.
 */
export function cacheControl(facts: CacheFacts, status: number, authorized: boolean): string {
  if (status !== 200 || facts.operation !== 'query' || facts.failed || facts.maxAge <= 0) return 'no-store';
  return `max-age=${facts.maxAge}, ${authorized ? 'private' : 'public'}`;
}

/** The tags of answers already sent: one the response cache serves again is the same Buffer, hashed once. */
const tags = new WeakMap<Buffer, { contentType: string | undefined; tag: string }>();

/**
 * A strong entity tag (RFC 9110 §8.8.3) of an answer: a SHA-256 of its bytes and its content type, so that the
 * answers to different `Accept` headers have different tags.
 */
export function entityTag(body: Buffer, contentType: string | undefined): string {
  const known = tags.get(body);
  if (known && known.contentType === contentType) return known.tag;
  const tag = `"${createHash('sha256').update(contentType ?? '').update(body).digest('base64url')}"`;
  tags.set(body, { contentType, tag });
  return tag;
}

/** Whether If-None-Match names the tag (RFC 9110 §13.1.2: weak comparison, `*` matches any). */
export function matchesIfNoneMatch(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  for (const candidate of ifNoneMatch.split(',')) {
    const trimmed = candidate.trim();
    if (trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === tag) return true;
  }
  return false;
}

/**
 * Sets the caching headers of a buffered answer from /graphql (Cache-Control; Vary: Accept, which picks the media
 * type; an ETag on a query's 200 without errors: an answer no cache may keep has nothing to revalidate) and returns
 * its status: 304 Not Modified, without a body or its content type, when the request's If-None-Match names the
 * ETag, on GET and on POST alike.
 */
export function withCachingHeaders(request: IncomingHttpHeaders, facts: CacheFacts, status: number, body: Buffer, headers: Record<string, string>): number {
  headers['cache-control'] = cacheControl(facts, status, request.authorization !== undefined);
  headers.vary = 'accept';
  if (status !== 200 || facts.operation !== 'query' || facts.failed) return status;
  const tag = entityTag(body, headers['content-type']);
  headers.etag = tag;
  if (!matchesIfNoneMatch(request['if-none-match'], tag)) return status;
  delete headers['content-type'];
  return 304;
}
