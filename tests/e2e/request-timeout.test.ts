import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { answerClientError, createHttpServer } from '../../src/server/http-server';
import { startTestApp } from '../helpers/app';

/** Sends part of a request line and waits; resolves with what came back and how long it took, once the server closes. */
function sendPartAndWait(port: number): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /graphql?query=%7B__typename%7D HTTP/1.1\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
  });
}

describe('a request that does not arrive in time', () => {
  it('is answered 408 soon after its limit, not when Node next looks (every 30 s by default)', async () => {
    const server = createHttpServer((_request, response) => response.end('never reached'), { requestTimeoutMs: 1_500 });
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { answer, ms } = await sendPartAndWait((server.address() as AddressInfo).port);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(answer).toContain('"code":"BAD_REQUEST"');
      // The limit, plus at most one interval of the server's check (1 s), plus room for a busy machine.
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(ms).toBeLessThan(5_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 40_000);
});

/** Opens a connection, sends one GET for `path`, and resolves with the answer's head and how long after it the server closed the connection. */
function idleAfterOneRequest(port: number): Promise<{ head: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    let answer = '';
    let answeredAt = 0;
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
      if (!answeredAt && answer.includes('\r\n\r\n')) answeredAt = Date.now();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ head: answer.slice(0, answer.indexOf('\r\n\r\n')), closedAfterMs: Date.now() - answeredAt }));
  });
}

describe('an idle keep-alive connection', () => {
  it('is kept open for keepAliveTimeoutMs after its last answer, which says so, and then closed', async () => {
    const server = createHttpServer((_request, response) => response.end('ok'), { keepAliveTimeoutMs: 2_000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { head, closedAfterMs } = await idleAfterOneRequest((server.address() as AddressInfo).port);
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(head).toMatch(/\r\nKeep-Alive: timeout=2\r?$/im);
      // Node's own default would have closed it after 5 s; the server looks at idle connections about every second.
      expect(closedAfterMs).toBeGreaterThanOrEqual(1_900);
      expect(closedAfterMs).toBeLessThan(4_500);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 20_000);

  it('is kept as long as HTTP_KEEP_ALIVE_TIMEOUT_MS says by the server the app starts (longer than a balancer keeps one)', async () => {
    const app = await startTestApp({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' });
    try {
      const answer = await fetch(new URL('/healthz', app.url));
      expect(answer.headers.get('keep-alive')).toBe('timeout=65');
    } finally {
      await app.close();
    }
  }, 60_000);
});
