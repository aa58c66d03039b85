import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { quantile } from '../../../bench/paced-load';
import { runPacedRaw } from '../../../bench/raw-paced-load';

/** A server whose answer to each request the test decides; counts requests and connections. */
async function server(answer: (index: number, response: http.ServerResponse) => void) {
  let requests = 0;
  let connections = 0;
  const listening = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ query: '{ a }' });
      answer(requests++, response);
    });
  });
  listening.on('connection', () => connections++);
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/graphql`,
    counts: () => ({ requests, connections }),
    close: () => new Promise<void>((resolve) => listening.close(() => resolve())),
  };
}

const BODY = JSON.stringify({ query: '{ a }' });

describe('runPacedRaw, the lean fixed-rate client', () => {
  it('sends rate × seconds timed requests over its fixed pool, reading answers by length and in chunks', async () => {
    const target = await server((index, response) => {
      // Every third answer chunked, every fifth a GraphQL error, every seventh a 503.
      const body = index % 5 === 0 ? '{"errors":[{"message":"no"}]}' : `{"data":{"a":"${'x'.repeat(20_000)}"}}`;
      const status = index % 7 === 0 ? 503 : 200;
      if (index % 3 === 0) {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.write(body.slice(0, 10));
        response.end(body.slice(10));
      } else response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
    try {
      const result = await runPacedRaw(target.url, BODY, 200, 1, 8, 0.5);
      // 100 untimed, then 200 timed.
      expect(target.counts()).toEqual({ requests: 300, connections: 8 });
      expect(result.requests).toBe(200);
      expect(result.latenciesMs).toHaveLength(200);
      expect(result.errors).toBe(0);
      // Of requests 100 to 299: the 503s (every seventh), and the 200s with errors (every fifth that is not a 503).
      const timed = Array.from({ length: 200 }, (_, n) => n + 100);
      expect(result.non2xx).toBe(timed.filter((n) => n % 7 === 0).length);
      expect(result.graphqlErrors).toBe(timed.filter((n) => n % 5 === 0 && n % 7 !== 0).length);
      expect(result.seconds).toBeGreaterThan(0.9);
    } finally {
      await target.close();
    }
  });

  it('times a request from when it was due: one that waits for a busy pool counts the wait', async () => {
    // The first timed request takes 300 ms; with one connection, the ones due meanwhile wait for it.
    const target = await server((index, response) => setTimeout(() => response.end('{"data":{}}'), index === 20 ? 300 : 0));
    try {
      const result = await runPacedRaw(target.url, BODY, 100, 1, 1, 0.2);
      expect(target.counts()).toEqual({ requests: 120, connections: 1 });
      expect(result.latenciesMs).toHaveLength(100);
      // About 30 requests were due during the stall; the first of them waited about 290 ms.
      expect(quantile(result.latenciesMs, 1)).toBeGreaterThan(280);
      expect(result.latenciesMs.filter((ms) => ms > 100).length).toBeGreaterThan(15);
    } finally {
      await target.close();
    }
  });

  it('counts a connection the server drops as an error, and goes on with a new one', async () => {
    const target = await server((index, response) => (index === 30 ? response.socket!.destroy() : response.end('{"data":{}}')));
    try {
      const result = await runPacedRaw(target.url, BODY, 100, 0.5, 2, 0.2);
      expect(result.errors).toBe(1);
      expect(result.latenciesMs).toHaveLength(49);
      expect(target.counts()).toEqual({ requests: 70, connections: 3 });
    } finally {
      await target.close();
    }
  });
});
