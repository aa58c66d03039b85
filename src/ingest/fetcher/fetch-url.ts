import { readWebUrl } from '../../domain/web-url';
import { InvalidUrlError } from './errors';

/** Parses a URL the fetcher may request (absolute http/https, no credentials), resolving it against `base` when given (a redirect's Location). */
export function parseFetchUrl(input: string, base?: URL): URL {
  // Credentials would be sent to every host a redirect leads to, and belong in configuration, not in a feed URL.
  const read = readWebUrl(input, base, { withoutCredentials: true });
  switch (read.problem) {
    case null:
      return read.url;
    case 'unparsable':
      throw new InvalidUrlError(input, 'is not a URL');
    case 'scheme':
      throw new InvalidUrlError(input, `has the scheme ${read.url.protocol.slice(0, -1)}`);
    case 'credentials':
      throw new InvalidUrlError(input, 'contains credentials');
  }
}
