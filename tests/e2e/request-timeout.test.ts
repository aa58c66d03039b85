import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { answerClientError, createHttpServer } from '../../src/server/http-server';

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
    const server = createHttpServer((_request, response) => response.end('never reached'), 1_500);
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
