import net from 'node:net';
import { startTestApp } from '../helpers/app';

/** Sends the head and part of a body, then closes the connection; resolves once it is closed. */
function sendHalfAndLeave(port: number, head: string, partOfBody: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head + partOfBody);
      setTimeout(() => socket.destroy(), 100);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

describe('a client that goes away while sending its body', () => {
  it('is logged at debug level, not as a server error with a stack, and the server keeps answering', async () => {
    // The log is caught from the start (the server's start-up lines too, which would otherwise land in the test output).
    const lines: string[] = [];
    const keep = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    const writes = [jest.spyOn(process.stderr, 'write').mockImplementation(keep), jest.spyOn(process.stdout, 'write').mockImplementation(keep)];
    let app: Awaited<ReturnType<typeof startTestApp>>;
    try {
      app = await startTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'debug' });
    } catch (error) {
      for (const write of writes) write.mockRestore();
      throw error;
    }
    try {
      const port = Number(new URL(app.url).port);
      // 40 bytes promised, 9 sent, then the connection closes.
      await sendHalfAndLeave(port, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n', '{"query":');
      const logged = async () => lines.some((line) => line.includes('client closed the connection while sending its request'));
      for (let waited = 0; !(await logged()) && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await logged()).toBe(true);
      expect(lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    } finally {
      for (const write of writes) write.mockRestore();
    }
    try {
      expect((await app.graphql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await app.close();
    }
  });
});
