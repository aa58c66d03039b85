import http from 'node:http';
import { startTestApp, TestApp } from '../helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ SANDBOX: 'true' });
});
afterAll(() => app?.close());

const base = () => app.url.replace(/\/graphql$/, '');

describe('HTTP endpoints', () => {
  it('/healthz answers while the process is up', async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers when the database does', async () => {
    const response = await fetch(`${base()}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('serves the sandbox landing page to browsers', async () => {
    const response = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toMatch(/sandbox/i);
    // It loads the schema once: polling it would spend the developer's rate budget (1,580 points a poll).
    expect(page).toContain('"pollForSchemaUpdates":false');
  });

  it('lets browsers on other origins call the API (CORS)', async () => {
    const preflight = await fetch(app.url, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://app.example' }, body: '{"query":"{ __typename }"}' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('/metrics exposes request and SQL statement counters', async () => {
    await app.graphql('{ categories { id } }');
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/newsline_http_requests_total\{route="\/graphql",status="200"\} [1-9]/);
    expect(text).toMatch(/newsline_sql_statements_total [1-9]/);
  });

  it('answers unknown paths with 404 and a pointer to /graphql', async () => {
    const response = await fetch(`${base()}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).error).toMatch(/\/graphql/);
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, and closes the database', async () => {
    const other = await startTestApp();
    // A request whose body arrives slowly is in flight when SIGTERM's stop() begins.
    const port = Number(new URL(other.url).port);
    const arrived = new Promise<void>((resolve) => other.server.once('request', () => resolve()));
    let req!: http.ClientRequest;
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"query":"{ categor');
    });
    // Stop once the server has the request, however slow the machine; the rest of its body comes while it stops.
    await arrived;
    const stopped = other.stop();
    setTimeout(() => req.end('ies { id } }"}'), 200);
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { categories: [] } });
    await stopped;
    await expect(fetch(other.url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(other.dataSource.isInitialized).toBe(false);
    await other.database.dispose();
  });
});
