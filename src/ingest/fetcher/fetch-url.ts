import { InvalidUrlError } from './errors';

/** Parses a URL the fetcher may request (absolute http/https, no credentials), resolving it against `base` when given (a redirect's Location). */
export function parseFetchUrl(input: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new InvalidUrlError(input, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrlError(input, `has the scheme ${url.protocol.slice(0, -1)}`);
  }
  // Credentials would be sent to every host a redirect leads to, and belong in configuration, not in a feed URL.
  if (url.username !== '' || url.password !== '') {
    throw new InvalidUrlError(input, 'contains credentials');
  }
  return url;
}
