import { getDomain } from 'tldts';
/** Why a string is not a web URL Newsline accepts: it does not parse, its scheme is not http(s), or it names a user. */
export type WebUrlProblem = 'unparsable' | 'scheme' | 'credentials';

/** A string read as a web URL: the URL, or the first problem found (with the parsed URL once it parsed). */
export type WebUrlReading =
  | { problem: null; url: URL }
  | { problem: 'scheme' | 'credentials'; url: URL }
  | { problem: 'unparsable'; url: null };

/**
 * Reads `text` as an absolute http(s) URL, resolved against `base` when one is given: the one rule for what
 * Newsline fetches, subscribes to, stores and links to. A user name or password is a problem only with
 * `withoutCredentials` (what is fetched, where they would follow every redirect).
 */
export function readWebUrl(text: string, base?: string | URL, { withoutCredentials = false } = {}): WebUrlReading {
  let url: URL;
  try {
    // The WHATWG parser strips the tabs, newlines and control characters that obfuscated schemes rely on.
    url = new URL(text, base);
  } catch {
    return { problem: 'unparsable', url: null };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'scheme', url };
  if (withoutCredentials && (url.username !== '' || url.password !== '')) return { problem: 'credentials', url };
  return { problem: null, url };
}

/**
 * `href` (trimmed) resolved against `base` (itself absolute) when the result is an http(s) URL, else null:
 * feeds carry `javascript:`, `mailto:` and broken links, none of which names an article or image.
 */
export function absoluteHttpUrl(href: string | null | undefined, base?: string | null): string | null {
  const text = href?.trim();
  if (!text) return null;
  const read = readWebUrl(text, base ?? undefined);
  return read.problem === null ? read.url.href : null;
}

/**
 * Whether two http(s) URLs are of one site: the same registrable domain by the Public Suffix List, private
 * suffixes included (`edition.cnn.com` and `www.cnn.com` are; `a.github.io` and `b.github.io` are not), or the
 * same host where there is no such domain (an IP address, `localhost`).
 */
export function sameSite(a: string, b: string): boolean {
  const hostA = new URL(a).hostname;
  const hostB = new URL(b).hostname;
  if (hostA === hostB) return true;
  const siteA = getDomain(hostA, { allowPrivateDomains: true });
  return siteA !== null && siteA === getDomain(hostB, { allowPrivateDomains: true });
}
