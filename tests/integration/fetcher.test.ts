import dns from 'node:dns';
import { Socket } from 'node:net';
import zlib from 'node:zlib';
import {
  BlockedAddressError,
  DecompressionError,
  DEFAULT_ACCEPT,
  DEFAULT_FETCHER_CONFIG,
  Fetcher,
  FetcherConfig,
  FetchTimeoutError,
  FetchTooLargeError,
  HttpStatusError,
  InvalidUrlError,
  TooManyRedirectsError,
} from '../../src/ingest/fetcher';
import { parseRetryAfter } from '../../src/ingest/fetcher/retry-after';
import { BROTLI_TEXT, ETAG, FixtureServer, LAST_MODIFIED, startFixtureServer } from '../helpers/fixture-server';

const TEXT = '<rss version="2.0"><channel><title>Newsline fixture</title></channel></rss>';
const USER_AGENT = 'NewslineTest/1.0 (+https://github.com/newsline)';
const SHORT_TIMEOUT_MS = 300;
/**
 * How late a timeout may fire on a loaded machine: generous, since nothing but the fetcher's own timer ends
 * /hang or /trickle (the type and phase of the error say which timer it was); a timer never fires early.
 */
const TIMER_SLACK_MS = 10_000;
const SMALL_CAP = 256 * 1024;

let server: FixtureServer;
const fetchers: Fetcher[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/ok', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Fixture-Name': 'ok' }, body: 'hello' });
  server.route('/gzip', { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(TEXT) });
  server.route('/deflate', { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateSync(TEXT) });
  server.route('/deflate-raw', { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateRawSync(TEXT) });
  server.route('/corrupt-gzip', { headers: { 'content-encoding': 'gzip' }, body: 'this is not gzip' });
  server.route('/corrupt-br', { headers: { 'content-encoding': 'br' }, body: 'this is not brotli' });
  server.route('/zstd', { headers: { 'content-encoding': 'zstd' }, body: 'zstd is not offered' });
  server.route('/moved-etag', { status: 301, headers: { location: '/etag' } });
  server.route('/to-ftp', { status: 302, headers: { location: 'ftp://127.0.0.1/feed.xml' } });
  server.route('/declares-too-much', (_request, response) => {
    response.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
    response.write('the rest is never sent');
  });
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((fetcher) => fetcher.close()));
});

afterAll(() => server.close());

/** A fetcher for the fixture server (loopback allowed unless overridden), closed after the test. */
function fetcherWith(overrides: Partial<FetcherConfig> = {}): Fetcher {
  const fetcher = new Fetcher({ ...DEFAULT_FETCHER_CONFIG, userAgent: USER_AGENT, allowPrivateNetworks: true, totalTimeoutMs: 2_000, ...overrides });
  fetchers.push(fetcher);
  return fetcher;
}

/** The error `promise` rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the fetch to fail; it succeeded');
}

/** Runs `action` while any attempt to connect a socket throws; reports its rejection and how many connects were attempted. */
async function failureWithoutConnecting(action: () => Promise<unknown>): Promise<{ error: Error; connectAttempts: number }> {
  const connect = jest.spyOn(Socket.prototype, 'connect').mockImplementation(() => {
    throw new Error('test safety net: the fetcher tried to open a connection');
  });
  try {
    const error = await rejectionOf(action());
    return { error, connectAttempts: connect.mock.calls.length };
  } finally {
    connect.mockRestore();
  }
}

/** Waits (up to 2 s) until the fixture server has no open connection. */
async function connectionsClosed(): Promise<void> {
  const giveUpAt = Date.now() + 2_000;
  while (server.connections().open > 0) {
    if (Date.now() > giveUpAt) throw new Error(`expected every connection to be closed; ${server.connections().open} still open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('successful fetches', () => {
  test('returns the body, status, lower-cased headers and content type of a 200', async () => {
    const resource = await fetcherWith().fetch(server.url('/ok'));

    expect(resource).toMatchObject({ requestedUrl: server.url('/ok'), url: server.url('/ok'), status: 200, notModified: false });
    expect(resource.body.toString()).toBe('hello');
    expect(resource.headers['x-fixture-name']).toBe('ok');
    expect(resource.contentType).toBe('text/plain; charset=utf-8');
  });

  test('sends the User-Agent, the default Accept and the encodings it decodes', async () => {
    await fetcherWith().fetch(server.url('/ok?headers'));

    const [request] = server.requests().filter((entry) => entry.path === '/ok?headers');
    expect(request.headers).toMatchObject({ 'user-agent': USER_AGENT, accept: DEFAULT_ACCEPT, 'accept-encoding': 'gzip, deflate, br' });
  });

  test('sends the Accept header the caller asks for', async () => {
    await fetcherWith().fetch(server.url('/ok?accept'), { accept: 'text/html' });

    expect(server.requests().find((entry) => entry.path === '/ok?accept')?.headers.accept).toBe('text/html');
  });

  test.each(['/gzip', '/deflate', '/deflate-raw'])('decompresses %s', async (path) => {
    const resource = await fetcherWith().fetch(server.url(path));

    expect(resource.body.toString()).toBe(TEXT);
  });

  test('decompresses br', async () => {
    const resource = await fetcherWith().fetch(server.url('/br'));

    expect(resource.body.toString()).toBe(BROTLI_TEXT);
  });

  test('sends If-None-Match and If-Modified-Since, and a 304 comes back as notModified with an empty body', async () => {
    const fetcher = fetcherWith();
    const first = await fetcher.fetch(server.url('/etag'));
    const second = await fetcher.fetch(server.url('/etag'), { etag: first.etag, lastModified: first.lastModified });

    expect(first).toMatchObject({ status: 200, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(server.requestsTo('/etag').at(-1)?.headers).toMatchObject({ 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED });
    expect(second).toMatchObject({ status: 304, notModified: true, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(second.body.length).toBe(0);
  });

  test('sends the validators on the first hop only', async () => {
    const resource = await fetcherWith().fetch(server.url('/moved-etag'), { etag: ETAG, lastModified: LAST_MODIFIED });

    expect(server.requestsTo('/moved-etag').at(-1)?.headers['if-none-match']).toBe(ETAG);
    expect(server.requestsTo('/etag').at(-1)?.headers['if-none-match']).toBeUndefined();
    expect(resource).toMatchObject({ status: 200, notModified: false, url: server.url('/etag') });
  });

  test('follows a chain of redirects within the limit and reports the final URL', async () => {
    const resource = await fetcherWith({ maxRedirects: 5 }).fetch(server.url('/redirect-chain/5'));

    expect(resource).toMatchObject({ requestedUrl: server.url('/redirect-chain/5'), url: server.url('/redirect-chain/0'), status: 200 });
    expect(resource.body.toString()).toBe('end of the chain');
  });
});

describe('failures', () => {
  // Every failure must leave the fixture server able to serve the next request.
  afterEach(async () => {
    const resource = await fetcherWith().fetch(server.url('/ok'));
    expect(resource.status).toBe(200);
  });

  test('429 rejects with HttpStatusError carrying Retry-After in milliseconds', async () => {
    const error = await rejectionOf(fetcherWith().fetch(server.url('/retry-after')));

    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 429, retryAfterMs: 120_000 });
  });

  test('404 rejects with HttpStatusError and no Retry-After', async () => {
    const error = await rejectionOf(fetcherWith().fetch(server.url('/not-found')));

    expect(error).toMatchObject({ name: 'HttpStatusError', status: 404, retryAfterMs: null });
    expect(error.message).toContain('404 Not Found');
  });

  test('a server that never answers rejects with FetchTimeoutError at the total timeout, closing the connection', async () => {
    const started = Date.now();
    const error = await rejectionOf(fetcherWith({ totalTimeoutMs: SHORT_TIMEOUT_MS }).fetch(server.url('/hang')));

    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(error).toMatchObject({ phase: 'total', limitMs: SHORT_TIMEOUT_MS });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 1);
    expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + TIMER_SLACK_MS);
    await connectionsClosed();
  });

  test('a connection not established in time rejects with a connect FetchTimeoutError', async () => {
    // A lookup that never answers holds the connection attempt open without sending anything anywhere.
    const lookup = jest.spyOn(dns, 'lookup').mockImplementation((() => undefined) as unknown as typeof dns.lookup);
    const fetcher = fetcherWith({ allowPrivateNetworks: false, connectTimeoutMs: SHORT_TIMEOUT_MS });
    const error = await rejectionOf(fetcher.fetch('http://never-resolves.invalid/feed.xml')).finally(() => lookup.mockRestore());

    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(error).toMatchObject({ phase: 'connect', limitMs: SHORT_TIMEOUT_MS });
  });

  test('a body that stalls after the headers rejects with FetchTimeoutError at the total timeout', async () => {
    const error = await rejectionOf(fetcherWith({ totalTimeoutMs: SHORT_TIMEOUT_MS }).fetch(server.url('/slow-body')));

    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(error.message).toContain(`${SHORT_TIMEOUT_MS} ms (total timeout)`);
    await connectionsClosed();
  });

  test('a body that trickles in rejects with FetchTimeoutError at the total timeout', async () => {
    const started = Date.now();
    const error = await rejectionOf(fetcherWith({ totalTimeoutMs: SHORT_TIMEOUT_MS }).fetch(server.url('/trickle')));

    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(error).toMatchObject({ phase: 'total', limitMs: SHORT_TIMEOUT_MS });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 1);
    expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + TIMER_SLACK_MS);
    await connectionsClosed();
  });

  test('an endless body rejects with FetchTooLargeError at the size cap, closing the connection', async () => {
    const error = await rejectionOf(fetcherWith({ maxBytes: SMALL_CAP }).fetch(server.url('/endless')));

    expect(error).toBeInstanceOf(FetchTooLargeError);
    expect(error).toMatchObject({ code: 'FETCH_TOO_LARGE', limitBytes: SMALL_CAP });
    await connectionsClosed();
  });

  test('a gzip bomb rejects with FetchTooLargeError at the size cap without inflating into memory', async () => {
    const rssBefore = process.memoryUsage.rss();
    const error = await rejectionOf(fetcherWith({ maxBytes: 1024 * 1024 }).fetch(server.url('/gzip-bomb')));

    expect(error).toBeInstanceOf(FetchTooLargeError);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  test('a declared Content-Length above the cap rejects with FetchTooLargeError before the body arrives', async () => {
    const error = await rejectionOf(fetcherWith({ maxBytes: SMALL_CAP }).fetch(server.url('/declares-too-much')));

    expect(error).toBeInstanceOf(FetchTooLargeError);
    expect(error.message).toContain('Content-Length: 52428800');
    await connectionsClosed();
  });

  test.each(['/corrupt-gzip', '/corrupt-br', '/zstd'])('%s rejects with DecompressionError', async (path) => {
    const error = await rejectionOf(fetcherWith().fetch(server.url(path)));

    expect(error).toBeInstanceOf(DecompressionError);
  });

  test('a redirect loop rejects with TooManyRedirectsError', async () => {
    const error = await rejectionOf(fetcherWith().fetch(server.url('/redirect-loop')));

    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(error).toMatchObject({ loop: true, chain: [server.url('/redirect-loop'), server.url('/redirect-loop?again'), server.url('/redirect-loop')] });
  });

  test('a chain longer than maxRedirects rejects with TooManyRedirectsError without following the extra hop', async () => {
    const endReachedBefore = server.requestsTo('/redirect-chain/0').length;
    const error = await rejectionOf(fetcherWith({ maxRedirects: 5 }).fetch(server.url('/redirect-chain/6')));

    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(error).toMatchObject({ loop: false, limit: 5 });
    expect(server.requestsTo('/redirect-chain/0')).toHaveLength(endReachedBefore);
  });

  test('a redirect to another scheme rejects with InvalidUrlError', async () => {
    const error = await rejectionOf(fetcherWith().fetch(server.url('/to-ftp')));

    expect(error).toBeInstanceOf(InvalidUrlError);
  });

  test.each([
    ['ftp://127.0.0.1/feed.xml', 'has the scheme ftp'],
    ['javascript:alert(1)', 'has the scheme javascript'],
    ['not a url at all', 'is not a URL'],
    ['/relative/feed.xml', 'is not a URL'],
    ['http://user:secret@127.0.0.1/', 'contains credentials'],
  ])('%s rejects with InvalidUrlError without a request', async (url, problem) => {
    const requestsBefore = server.requests().length;
    const error = await rejectionOf(fetcherWith().fetch(url));

    expect(error).toBeInstanceOf(InvalidUrlError);
    expect((error as Error).message).toBe(`expected an absolute http or https URL without credentials; got ${JSON.stringify(url)}, which ${problem}`);
    expect(server.requests()).toHaveLength(requestsBefore);
  });

  describe('without allowPrivateNetworks', () => {
    const guarded = () => fetcherWith({ allowPrivateNetworks: false });

    test.each([
      'http://127.0.0.1:PORT/ok',
      'http://[::1]:PORT/ok',
      'http://[::ffff:127.0.0.1]:PORT/ok',
      'http://0.0.0.0:PORT/ok',
      'http://2130706433:PORT/ok',
      'http://10.0.0.1/feed.xml',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/feed.xml',
    ])('%s rejects with BlockedAddressError before any socket connects', async (template) => {
      const { error, connectAttempts } = await failureWithoutConnecting(() => guarded().fetch(template.replace('PORT', String(server.port))));

      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(error.message).toContain('ALLOW_PRIVATE_NETWORKS=true');
      expect(connectAttempts).toBe(0);
    });

    test('a host name resolving to loopback (localhost) rejects with BlockedAddressError at connection time', async () => {
      const acceptedBefore = server.connections().accepted;
      const error = await rejectionOf(guarded().fetch(`http://localhost:${server.port}/ok`));

      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(error).toMatchObject({ host: 'localhost', range: 'loopback' });
      expect(server.connections().accepted).toBe(acceptedBefore);
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-03-20T12:00:00Z');

  test.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 20 Mar 2024 12:01:00 GMT', 60_000],
    ['Wednesday, 20-Mar-24 12:01:00 GMT', 60_000],
    ['Wed Mar 20 12:01:00 2024', 60_000],
    ['Wed, 20 Mar 2024 11:00:00 GMT', 0],
    ['-5', null],
    ['1.5', null],
    ['soon', null],
    [undefined, null],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
