import { startTestApp, TestApp } from '../helpers/app';
import { sqlStatements } from '../helpers/metrics';

const ADMIN = 'admin-secret-0123456789';
const KEY = 'mobile-secret-0123456789';
/** Costs 61 points: 1 for the page, 3 per article (the article, its source, its category). */
const FEED = '{ articles(first: 20) { edges { node { id source { name } category { name } } } } }';

/** POSTs a body and returns the status, the headers that tell the budget, and the parsed body. */
async function post(app: TestApp, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const budget: Record<string, string> = {};
  for (const name of ['ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'query-cost']) {
    const value = response.headers.get(name);
    if (value !== null) budget[name] = value;
  }
  return { status: response.status, budget, body: await response.json() };
}
const query = (app: TestApp, text: string, headers: Record<string, string> = {}) => post(app, JSON.stringify({ query: text }), headers);

/** The reset is the rest of the window: from 1 to 60 seconds. */
const anyReset = expect.stringMatching(/^([1-9]|[1-5][0-9]|60)$/);

let app: TestApp;
/** A server behind one reverse proxy. */
let proxied: TestApp;
// Both start at once: an embedded test database cannot be opened again once one has closed in this process.
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_POINTS: '100', RATE_LIMIT_KEY_POINTS: '1000', API_KEYS: `mobile:${KEY}`, ADMIN_TOKEN: ADMIN });
  proxied = await startTestApp({ RATE_LIMIT_POINTS: '100', TRUST_PROXY: '1' });
});
afterAll(async () => {
  await app?.close();
  await proxied?.close();
});

describe('a budget of cost points per minute for each address', () => {
  it('charges what a query costs and says what is left on every answer (draft-ietf-httpapi-ratelimit-headers-06)', async () => {
    const answer = await query(app, FEED);
    expect(answer.status).toBe(200);
    expect(answer.budget).toEqual({ 'ratelimit-policy': '100;w=60', 'ratelimit-limit': '100', 'ratelimit-remaining': '39', 'ratelimit-reset': anyReset, 'query-cost': '61' });
  });

  it('charges 1 point to a request that runs nothing', async () => {
    const answer = await post(app, '{"query": ');
    expect(answer.status).toBe(400);
    expect(answer.budget).toEqual({ 'ratelimit-policy': '100;w=60', 'ratelimit-limit': '100', 'ratelimit-remaining': '38', 'ratelimit-reset': anyReset });
  });

  it('refuses a query the rest of the budget does not cover with 429, Retry-After and RATE_LIMITED, before it runs', async () => {
    const before = await sqlStatements(app.url);
    const answer = await query(app, FEED);
    expect(await sqlStatements(app.url)).toBe(before);
    expect(answer.status).toBe(429);
    expect(answer.budget).toEqual({ 'ratelimit-policy': '100;w=60', 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': anyReset, 'retry-after': answer.budget['ratelimit-reset'], 'query-cost': '61' });
    expect(answer.body).toEqual({
      errors: [{ message: `The rate limit of 100 cost points per minute for your address is spent; it is full again in ${answer.budget['retry-after']} s (Retry-After).`, extensions: { code: 'RATE_LIMITED' } }],
    });
  });

  it('refuses a query that costs more than the whole budget as such (it can never run), charging 1 point and leaving the rest', async () => {
    const from = { 'x-forwarded-for': '198.51.100.77' };
    const before = await sqlStatements(proxied.url);
    const answer = await query(proxied, '{ articles(first: 100) { nodes { id } } }', from);
    expect(await sqlStatements(proxied.url)).toBe(before);
    expect(answer.status).toBe(400);
    expect(answer.budget).toEqual({ 'ratelimit-policy': '100;w=60', 'ratelimit-limit': '100', 'ratelimit-remaining': '99', 'ratelimit-reset': anyReset, 'query-cost': '101' });
    expect(answer.body).toEqual({
      errors: [
        {
          message: `This query costs 101 points, more than the whole rate limit of 100 points per minute for your address: it can never run. Ask for smaller pages (\`first\`), fewer nested lists or fewer aliases; the README's "Query cost" says how points are counted.`,
          extensions: { code: 'COST_LIMIT_EXCEEDED' },
        },
      ],
    });
    expect((await query(proxied, FEED, from)).status).toBe(200);
  });

  it('refuses everything from a spent address, malformed requests too', async () => {
    const answer = await post(app, '{"query": ');
    expect([answer.status, answer.body.errors[0].extensions.code, answer.budget['ratelimit-remaining']]).toEqual([429, 'RATE_LIMITED', '0']);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says which proxies to believe', async () => {
    const answer = await query(app, FEED, { 'x-forwarded-for': '203.0.113.9' });
    expect(answer.status).toBe(429);
  });

  it('keeps a budget of its own for each API key', async () => {
    const answer = await query(app, FEED, { authorization: `Bearer ${KEY}` });
    expect(answer.status).toBe(200);
    expect(answer.budget).toEqual({ 'ratelimit-policy': '1000;w=60', 'ratelimit-limit': '1000', 'ratelimit-remaining': '939', 'ratelimit-reset': anyReset, 'query-cost': '61' });
  });

  it('counts an unknown key against the address, so that inventing keys gives no budget', async () => {
    const answer = await query(app, FEED, { authorization: 'Bearer invented-key-0123456789' });
    expect(answer.status).toBe(429);
  });

  it('does not limit the admin token', async () => {
    const answer = await query(app, FEED, { authorization: `Bearer ${ADMIN}` });
    expect(answer.status).toBe(200);
    expect(answer.budget).toEqual({ 'query-cost': '61' });
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('keeps a budget for the address the proxy saw, not for what the client wrote before it', async () => {
    const first = await query(proxied, FEED, { 'x-forwarded-for': '198.51.100.7' });
    const spoofed = await query(proxied, FEED, { 'x-forwarded-for': '192.0.2.1, 198.51.100.7' });
    const other = await query(proxied, FEED, { 'x-forwarded-for': '198.51.100.8' });
    expect([first, spoofed, other].map((a) => [a.status, a.budget['ratelimit-remaining']])).toEqual([
      [200, '39'],
      [429, '0'],
      [200, '39'],
    ]);
  });

  it('reads the address in what the proxy wrote with a port or brackets, and counts what names no address against the proxy', async () => {
    const withPort = await query(proxied, FEED, { 'x-forwarded-for': '198.51.100.20:5555' });
    const plain = await query(proxied, FEED, { 'x-forwarded-for': '198.51.100.20' });
    const bracketed = await query(proxied, FEED, { 'x-forwarded-for': '[2001:db8:9:9::1]:80' });
    const sameSubnet = await query(proxied, FEED, { 'x-forwarded-for': '2001:db8:9:9::2' });
    expect([withPort, plain, bracketed, sameSubnet].map((a) => a.status)).toEqual([200, 429, 200, 429]);
    // Values that name no address share the budget of the proxy's own address (this test's, 127.0.0.1).
    const statuses: number[] = [];
    for (const value of ['unknown', 'garbage', '%00', '1', '0x7f.1']) statuses.push((await query(proxied, FEED, { 'x-forwarded-for': value })).status);
    expect(statuses).toEqual([200, 429, 429, 429, 429]);
  });

  it('keeps one budget for a whole IPv6 /64', async () => {
    const first = await query(proxied, FEED, { 'x-forwarded-for': '2001:db8:1:2::1' });
    const neighbour = await query(proxied, FEED, { 'x-forwarded-for': '2001:db8:1:2:ffff:ffff:ffff:fffe' });
    expect([first.status, neighbour.status]).toEqual([200, 429]);
  });
});
