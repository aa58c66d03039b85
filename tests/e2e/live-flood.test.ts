import { readFileSync } from 'node:fs';
import { ensureBuilt } from '../helpers/cli-process';
import { RawConnection } from '../helpers/raw-live';
import { ServerProcess, SERVER_START_MS, startServerProcess } from '../helpers/server-process';

// The server runs as a process of its own, so that its memory is its own and this file's client does not share its
// event loop.
let server: ServerProcess;
beforeAll(async () => {
  ensureBuilt();
  server = await startServerProcess({ LIVE_MAX_BUFFERED_BYTES: '65536', LIVE_STALL_TIMEOUT_MS: '10000', RATE_LIMIT_POINTS: '0' });
}, SERVER_START_MS + 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The server's resident memory in bytes, from the kernel. */
function residentBytes(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

describe('a client that sends without reading what it is sent', () => {
  it('is read no further once its answers fill the send buffer: its messages do not pile up answers in memory', async () => {
    const flooder = await RawConnection.open(server.url);
    flooder.socket.pause();
    const before = residentBytes();
    // 80 MB of pings, each answered with a pong as large, which this client does not read.
    const ping = JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(2000) } });
    for (let i = 0; i < 40_000; i++) flooder.socket.send(ping);
    let peak = before;
    for (let waited = 0; waited < 3000; waited += 100) {
      await new Promise((done) => setTimeout(done, 100));
      peak = Math.max(peak, residentBytes());
    }
    // The server stopped reading this connection when the unread pongs passed LIVE_MAX_BUFFERED_BYTES: what the
    // client sent waits on the client's side, not as answers in the server's memory (it grew by 600 MB and more in
    // these 3 s when the server went on reading).
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    // Still open (the stall timeout is long enough for a busy machine), with most of what it sent unsent.
    expect([flooder.socket.readyState, flooder.socket.bufferedAmount > 40_000_000]).toEqual([flooder.socket.OPEN, true]);
    // Another client is answered meanwhile.
    const other = await RawConnection.open(server.url);
    other.send({ type: 'ping' });
    await other.message((m) => m.type === 'pong', 2000);
    other.close();
    // The one that does not read is dropped once its buffer stayed full for the stall timeout.
    const { code } = await flooder.closed;
    expect([4413, 1006]).toContain(code);
  }, 40_000);
});
