import type { IncomingHttpHeaders } from 'node:http';
import { Agent, Dispatcher } from 'undici';
import type { FetchedResource } from '../types';
import { createGuardedConnector } from './address-guard';
import { ACCEPT_ENCODING } from './decompress';
import { FetchError, FetchTimeoutError, HttpStatusError, NetworkError, TooManyRedirectsError } from './errors';
import { parseFetchUrl } from './fetch-url';
import { discardBody, readBody } from './read-body';
import { parseRetryAfter } from './retry-after';

/** Per-request options. */
export interface FetchOptions {
  /** Validators from the previous fetch, sent as If-None-Match / If-Modified-Since (first hop only). */
  etag?: string | null;
  lastModified?: string | null;
  /** The Accept header; defaults to DEFAULT_ACCEPT (feeds, then HTML). */
  accept?: string;
}

/** How the fetcher connects and what it tolerates. */
export interface FetcherConfig {
  userAgent: string;
  connectTimeoutMs: number;
  /** The whole request, redirects and body included. */
  totalTimeoutMs: number;
  /** The largest body read, counted after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** Allow loopback, private, link-local and other non-public addresses (tests, local setups). */
  allowPrivateNetworks: boolean;
}

/** The defaults of every FetcherConfig field. */
export const DEFAULT_FETCHER_CONFIG: Readonly<FetcherConfig> = Object.freeze({
  userAgent: 'Newsline/0.1 (+https://github.com/newsline)',
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateNetworks: false,
});

/** Feeds first, then generic XML/JSON, then HTML pages (which may advertise a feed). */
export const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The one HTTP client of the aggregator: GETs a URL with redirects, limits, decompression and an address guard, and returns the bytes. */
export class Fetcher {
  private readonly agent: Agent;

  constructor(private readonly config: FetcherConfig) {
    // undici's own headers and body timeouts (300 s) are idle timeouts; the total timeout in fetch() bounds everything.
    this.agent = new Agent({ connect: createGuardedConnector(config) });
  }

  /** GETs `url`, following redirects; resolves with the final response (notModified for a 304 to a conditional request), rejects with a FetchError. */
  async fetch(url: string, options: FetchOptions = {}): Promise<FetchedResource> {
    let current = parseFetchUrl(url);
    const visited = [current.href];
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new FetchTimeoutError('total', this.config.totalTimeoutMs, url)),
      this.config.totalTimeoutMs,
    );
    try {
      for (;;) {
        const conditional = visited.length === 1 ? conditionalHeaders(options) : {};
        const response = await this.send(current, { ...this.baseHeaders(options), ...conditional }, deadline.signal);
        const location = header(response.headers, 'location');
        if (REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
          discardBody(response.body);
          current = this.nextHop(location, current, visited);
          continue;
        }
        return await this.finish(url, current, response, Object.keys(conditional).length > 0, options);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (deadline.signal.aborted) throw deadline.signal.reason;
      throw new NetworkError(current.href, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes every connection; fetches after this fail. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private baseHeaders(options: FetchOptions): Record<string, string> {
    return { 'user-agent': this.config.userAgent, accept: options.accept ?? DEFAULT_ACCEPT, 'accept-encoding': ACCEPT_ENCODING };
  }

  private async send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    try {
      return await this.agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'UND_ERR_CONNECT_TIMEOUT') {
        throw new FetchTimeoutError('connect', this.config.connectTimeoutMs, url.href);
      }
      throw error;
    }
  }

  private nextHop(location: string, from: URL, visited: string[]): URL {
    const next = parseFetchUrl(location, from);
    const loop = visited.includes(next.href);
    visited.push(next.href);
    if (loop || visited.length > this.config.maxRedirects + 1) {
      throw new TooManyRedirectsError(this.config.maxRedirects, visited, loop);
    }
    return next;
  }

  private async finish(
    requestedUrl: string,
    url: URL,
    response: Dispatcher.ResponseData,
    conditional: boolean,
    options: FetchOptions,
  ): Promise<FetchedResource> {
    const headers = flattenHeaders(response.headers);
    const notModified = conditional && response.statusCode === 304;
    if (!notModified && (response.statusCode < 200 || response.statusCode > 299)) {
      discardBody(response.body);
      throw new HttpStatusError(response.statusCode, url.href, parseRetryAfter(headers['retry-after']));
    }
    if (notModified) discardBody(response.body);
    const body = notModified
      ? Buffer.alloc(0)
      : await readBody(response.body, {
          url: url.href,
          contentEncoding: headers['content-encoding'],
          contentLength: headers['content-length'],
          maxBytes: this.config.maxBytes,
        });
    return {
      requestedUrl,
      url: url.href,
      status: response.statusCode,
      headers,
      body,
      notModified,
      // Some servers omit the validators on a 304 (RFC 9110 §15.4.5 asks for them); keeping the ones sent keeps the next fetch conditional.
      etag: headers['etag'] ?? (notModified ? (options.etag ?? null) : null),
      lastModified: headers['last-modified'] ?? (notModified ? (options.lastModified ?? null) : null),
      contentType: headers['content-type'] ?? null,
    };
  }
}

function conditionalHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return headers;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
