import { STATUS_CODES } from 'node:http';

/** Base class of every failure the fetcher reports; `code` is stable, the message says what was expected and what happened. */
export abstract class FetchError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The connection was not established within the connect timeout, or the whole response did not arrive within the total timeout. */
export class FetchTimeoutError extends FetchError {
  readonly code = 'FETCH_TIMEOUT';
  constructor(
    readonly phase: 'connect' | 'total',
    readonly limitMs: number,
    url: string,
  ) {
    super(
      phase === 'connect'
        ? `expected a connection to ${url} within ${limitMs} ms (connect timeout); none was established in time`
        : `expected the whole response from ${url} within ${limitMs} ms (total timeout); it had not arrived when the time ran out`,
    );
  }
}

/** The body is larger than the configured limit, as declared by Content-Length or as counted after decompression. */
export class FetchTooLargeError extends FetchError {
  readonly code = 'FETCH_TOO_LARGE';
  constructor(
    readonly limitBytes: number,
    url: string,
    happened: string,
  ) {
    super(`expected a body of at most ${limitBytes} bytes (after decompression) from ${url}; ${happened}`);
  }
}

/** The redirects went on past the limit, or came back to a URL already visited. */
export class TooManyRedirectsError extends FetchError {
  readonly code = 'TOO_MANY_REDIRECTS';
  constructor(
    readonly limit: number,
    /** Every URL requested, in order, ending with the one that was not followed. */
    readonly chain: string[],
    readonly loop: boolean,
  ) {
    super(
      loop
        ? `expected redirects from ${chain[0]} to end at a resource; they loop back to ${chain[chain.length - 1]} (${chain.join(' -> ')})`
        : `expected at most ${limit} redirects from ${chain[0]}; the server redirected again after ${chain[chain.length - 2]}`,
    );
  }
}

/** The host is, or resolves to, an address outside the public internet (private, loopback, link-local, …). */
export class BlockedAddressError extends FetchError {
  readonly code = 'BLOCKED_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    /** The special-purpose range the address falls in, e.g. "loopback" or "private". */
    readonly range: string,
  ) {
    const target = host === address ? address : `${host} (resolved to ${address})`;
    super(
      `expected a public internet address; ${target} is in the ${range} range. ` +
        'Set ALLOW_PRIVATE_NETWORKS=true to allow fetching from private networks.',
    );
  }
}

/** The server answered with a status other than 2xx (or 304 to a conditional request). */
export class HttpStatusError extends FetchError {
  readonly code = 'HTTP_STATUS';
  constructor(
    readonly status: number,
    url: string,
    /** How long the server asked us to wait (Retry-After), or null when it did not say. */
    readonly retryAfterMs: number | null,
  ) {
    const reason = STATUS_CODES[status] ?? 'Unknown Status';
    const retry = retryAfterMs === null ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    super(`expected a 2xx response from ${url}; got ${status} ${reason}${retry}`);
  }
}

/** The URL cannot be fetched: malformed, not http(s), or carrying credentials. */
export class InvalidUrlError extends FetchError {
  readonly code = 'INVALID_URL';
  constructor(
    readonly url: string,
    problem: string,
  ) {
    const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
    super(`expected an absolute http or https URL without credentials; got ${JSON.stringify(shown)}, which ${problem}`);
  }
}

/** The body could not be decoded according to its Content-Encoding. */
export class DecompressionError extends FetchError {
  readonly code = 'DECOMPRESSION_FAILED';
  constructor(url: string, expected: string, happened: string, options?: { cause?: unknown }) {
    super(`expected the body from ${url} to be ${expected}; ${happened}`, options);
  }
}

/** The connection failed for another reason: DNS, refused, reset, TLS. */
export class NetworkError extends FetchError {
  readonly code = 'NETWORK_ERROR';
  constructor(url: string, cause: unknown) {
    const detail = cause instanceof Error ? `${(cause as NodeJS.ErrnoException).code ?? cause.name}: ${cause.message}` : String(cause);
    super(`expected a response from ${url}; the connection failed (${detail})`, { cause });
  }
}
