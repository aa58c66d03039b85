import net from 'node:net';
import { paceSchedule, PacedTally, type PacedResult } from './paced-load';

/** One kept-alive connection of the pool, and the response it is reading. */
interface Connection {
  socket: net.Socket;
  /** The request it is answering: its index in the schedule and when it was due; null when idle. */
  current: { index: number; due: number } | null;
  /** When it last became idle (performance.now()). */
  idleSince: number;
  /** Bytes received and not yet read as part of a response. */
  pending: Buffer;
  /** Of the response being read, once its head is read. */
  status: number;
  contentLength: number;
  chunked: boolean;
  headRead: boolean;
  body: Buffer[];
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/**
 * runPaced's schedule and accounting (request i due at start + i / rate, open loop, each timed from when it was due
 * to its last byte, the first `warmupSeconds` untimed) with a lean client, as wrk2 measures: a fixed pool of
 * `connections` HTTP/1.1 connections opened before the schedule starts, the request's bytes written as they are,
 * and the answer read by its length, without node:http's objects. A request due while every connection is busy
 * waits for the first one free, and that wait counts against the server (its time runs from when it was due).
 *
 * Why: on the 2-CPU development machine the load generator shares the CPUs with the server and PostgreSQL, and
 * node:http's client used 0.3 to 0.7 of a CPU at 583 req/s (runPaced); what it spends is taken from what is
 * measured. And a client that opens connections when the server falls behind (as runPaced does, up to 256)
 * makes a short stall a burst of new connections, whose handshakes and first requests the server pays for.
 */
export async function runPacedRaw(url: string, body: string, rate: number, seconds: number, connections = 64, warmupSeconds = 2): Promise<PacedResult> {
  const target = new URL(url);
  const port = Number(target.port || 80);
  const payload = Buffer.from(body);
  const request = Buffer.concat([
    Buffer.from(
      `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`,
      'latin1',
    ),
    payload,
  ]);
  const tally = new PacedTally(rate, seconds, warmupSeconds);
  /**
   * Requests due and not yet sent, oldest first; idle connections, the first freed first. Taken in turn, as wrk2's
   * connections each send their share, no connection idles long at a steady rate: the server does not close any for
   * idling (its keep-alive timeout) while a request may be on its way on it, which would fail that request.
   */
  const waiting: { index: number; due: number }[] = [];
  const idle: Connection[] = [];
  const everyConnection = new Set<Connection>();
  /** How long the server keeps an idle connection: its `Keep-Alive: timeout=` hint, Node's default until one is read. */
  let keepAliveMs = 5000;

  const settle = (connection: Connection, outcome: 'ok' | 'error') => {
    const { index, due } = connection.current!;
    connection.current = null;
    if (outcome === 'error') tally.failed(index);
    else tally.answered(index, due, connection.status, Buffer.concat(connection.body));
  };
  const dispatch = () => {
    while (waiting.length > 0 && idle.length > 0) {
      const connection = idle.shift()!;
      // Idle for almost as long as the server keeps an idle connection: it may be closing it now. Retired, as undici
      // retires one a second before the server's `Keep-Alive: timeout` (lost() opens another).
      if (performance.now() - connection.idleSince > keepAliveMs - 1000) {
        connection.socket.destroy();
        continue;
      }
      connection.current = waiting.shift()!;
      connection.headRead = false;
      connection.body = [];
      connection.socket.write(request);
    }
  };

  /** Reads what arrived; true when a whole response has. */
  const readResponse = (connection: Connection): boolean => {
    if (!connection.headRead) {
      const end = connection.pending.indexOf(HEAD_END);
      if (end === -1) return false;
      const head = connection.pending.toString('latin1', 0, end);
      connection.pending = connection.pending.subarray(end + 4);
      connection.status = Number(head.slice(9, 12));
      const keepAlive = /\r\nkeep-alive:[^\r]*timeout=(\d+)/i.exec(head);
      if (keepAlive) keepAliveMs = Number(keepAlive[1]) * 1000;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      connection.contentLength = length ? Number(length[1]) : -1;
      connection.chunked = /\r\ntransfer-encoding:[^\r]*chunked/i.test(head);
      connection.headRead = true;
    }
    if (!connection.chunked) {
      const length = Math.max(0, connection.contentLength);
      if (connection.pending.length < length) return false;
      connection.body.push(connection.pending.subarray(0, length));
      connection.pending = connection.pending.subarray(length);
      return true;
    }
    for (;;) {
      const lineEnd = connection.pending.indexOf(LINE_END);
      if (lineEnd === -1) return false;
      const size = parseInt(connection.pending.toString('latin1', 0, lineEnd), 16);
      // The chunk, and the line end after it (after the last chunk, the empty trailer's).
      if (connection.pending.length < lineEnd + 2 + size + 2) return false;
      connection.body.push(connection.pending.subarray(lineEnd + 2, lineEnd + 2 + size));
      connection.pending = connection.pending.subarray(lineEnd + 2 + size + 2);
      if (size === 0) return true;
    }
  };

  const open = (): Promise<Connection> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: target.hostname, port, noDelay: true });
      const connection: Connection = { socket, current: null, idleSince: performance.now(), pending: Buffer.alloc(0), status: 0, contentLength: -1, chunked: false, headRead: false, body: [] };
      socket.once('connect', () => resolve(connection));
      socket.on('data', (chunk: Buffer) => {
        connection.pending = connection.pending.length === 0 ? chunk : Buffer.concat([connection.pending, chunk]);
        if (connection.current && readResponse(connection)) {
          settle(connection, 'ok');
          connection.idleSince = performance.now();
          idle.push(connection);
          dispatch();
        }
      });
      const lost = () => {
        if (connection.current) settle(connection, 'error');
        const at = idle.indexOf(connection);
        if (at !== -1) idle.splice(at, 1);
        // A connection the server closed is replaced, outside the timed accounting of any request.
        if (tally.settled < tally.total) void open().then((fresh) => (idle.push(fresh), dispatch()), () => undefined);
      };
      // Before it connects, the pool cannot be opened; after, a 'close' follows the error.
      socket.on('error', (error) => (socket.connecting ? reject(error) : undefined));
      socket.once('close', lost);
      everyConnection.add(connection);
      socket.once('close', () => everyConnection.delete(connection));
    });

  idle.push(...(await Promise.all(Array.from({ length: connections }, open))));
  // A request not answered 10 s after it was sent fails, as runPaced's do; its connection is replaced.
  const seen = new Map<Connection, { request: Connection['current']; at: number }>();
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const connection of everyConnection) {
      const last = seen.get(connection);
      if (!connection.current) seen.delete(connection);
      else if (last?.request !== connection.current) seen.set(connection, { request: connection.current, at: now });
      else if (now - last.at > 10_000) connection.socket.destroy();
    }
  }, 1000);
  const started = performance.now();
  await paceSchedule(started, rate, tally.total, (index, due) => {
    waiting.push({ index, due });
    dispatch();
  });
  await tally.done;
  clearInterval(watchdog);
  const result = tally.result(started);
  for (const connection of everyConnection) {
    connection.socket.removeAllListeners('close');
    connection.socket.destroy();
  }
  return result;
}
