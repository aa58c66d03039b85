import http from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, handleProtocols, makeServer, type ConnectionInitMessage } from 'graphql-ws';
import { Counter, Gauge, type Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../../config/config';
import { shown } from '../../domain/input-check';
import { errorBody } from '../../graphql/errors';
import { describeError, type Logger } from '../../logger';
import type { Client } from '../limits/client-identity';
import type { RateLimiter } from '../limits/rate-limiter';
import { RequestBudget } from '../limits/request-budget';
import { requestTarget } from '../http-server';
import type { LiveConnection, liveOperations } from './live-operations';

/** The close codes of this server's own limits (RFC 6455 §7.4.2: 4000-4999 are the application's), beside graphql-ws's 44xx. */
export const LIVE_CLOSE = {
  /**
   * The client left more than LIVE_MAX_BUFFERED_BYTES unsent for LIVE_STALL_TIMEOUT_MS (it does not read), or reads
   * so slowly that a subscription fell that far behind live events. Reconnect and resume with `after`.
   */
  SEND_BUFFER_FULL: 4413,
  /** The client already holds LIVE_MAX_CONNECTIONS_PER_CLIENT connections. */
  TOO_MANY_CONNECTIONS: 4430,
} as const;

/** How often every connection is pinged; one that has not answered the previous ping is dropped (a peer gone silently). */
const HEARTBEAT_MS = 12_000;

/** How long a connection closed for its full send buffer may take to read the close frame before it is cut. */
const CLOSE_GRACE_MS = 1000;

/** How often a send waiting for a full buffer looks whether it has drained. */
const DRAIN_POLL_MS = 20;

export type LiveServerConfig = Pick<Config, 'liveMaxConnectionsPerClient' | 'liveInitTimeoutMs' | 'liveMaxBufferedBytes' | 'liveMaxMessageBytes' | 'liveStallTimeoutMs'>;

export interface LiveServerDeps {
  config: LiveServerConfig;
  operations: ReturnType<typeof liveOperations>;
  rateLimiter: RateLimiter;
  identifyClient: (req: http.IncomingMessage) => Client;
  registry: Registry;
  logger: Logger;
}

/** A running WebSocket endpoint. */
export interface LiveServer {
  /** Refuses new connections and closes the open ones (1001, Going Away: clients reconnect elsewhere and resume). */
  close(): Promise<void>;
}

/** The budget key of a client; null for the admin, who has no connection limit. */
function clientKey(client: Client): string | null {
  if (client.kind === 'admin') return null;
  return client.kind === 'key' ? `key:${client.name}` : `address:${client.address}`;
}

/** Answers a WebSocket handshake it will not take as the HTTP API answers: JSON errors with a code, then closes. */
function refuseHandshake(socket: Duplex, status: number, code: 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE', message: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(errorBody(code, message)));
  const head = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), connection: 'close', ...headers };
  socket.once('finish', () => socket.destroy());
  socket.end(
    Buffer.concat([
      Buffer.from(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${Object.entries(head).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1'),
      body,
    ]),
  );
}

/**
 * Subscriptions over WebSocket with the graphql-ws protocol on /graphql, beside HTTP on the same port. The protocol
 * is graphql-ws's own server (makeServer); this module is its socket side, as graphql-ws's `useServer` for `ws` is,
 * with the limits: connections per client, the init timeout, a bounded send buffer (messages are written as they
 * come while the connection's unsent bytes are under the limit; past it, the next message waits for them to drain,
 * which holds that subscription's later events back as change records, not as answers, and nothing more is read from
 * the connection meanwhile; a connection whose buffer does not drain under the limit within the stall timeout is
 * closed), and a heartbeat.
 */
export function attachLiveServer(server: http.Server, deps: LiveServerDeps): LiveServer {
  const { config, operations, logger } = deps;
  const maxBuffered = config.liveMaxBufferedBytes;
  // A client that offers only other subprotocols (the legacy `graphql-ws` of subscriptions-transport-ws, say) is
  // answered with the first of them, so that its handshake succeeds and it reads why it is closed (4406): answering
  // with none fails the handshake of a strict client (browsers, ws), which then sees only 1006.
  const choose = (offered: Set<string>) => handleProtocols(offered) || (offered.values().next().value ?? false);
  // A running subscription keeps its subscribe message (graphql-ws holds it for its events): the message limit bounds
  // what a client makes the server hold, at most connections × subscriptions × this (50 × 20 × 32 KiB by default).
  const wss = new WebSocketServer({ noServer: true, handleProtocols: choose, maxPayload: config.liveMaxMessageBytes });
  const perClient = new Map<string, number>();
  const alive = new WeakSet<WebSocket>();
  let closing = false;

  const connections = new Gauge({ name: 'newsline_live_connections', help: 'Open WebSocket (subscription) connections.', registers: [deps.registry] });
  const subscriptions = new Gauge({ name: 'newsline_live_subscriptions', help: 'Subscriptions running now.', registers: [deps.registry] });
  const dropped = new Counter({ name: 'newsline_live_dropped_slow_total', help: 'Connections closed because their send buffer stayed full (clients that do not read) or a subscription fell too far behind live events (clients that read too slowly).', registers: [deps.registry] });

  const protocol = makeServer<ConnectionInitMessage['payload'], { connection: LiveConnection }>({
    connectionInitWaitTimeout: config.liveInitTimeoutMs,
    onSubscribe: (ctx, _id, payload) => operations.onSubscribe(ctx.extra.connection, Object.keys(ctx.subscriptions).length, payload),
    subscribe: operations.subscribe,
    onOperation: () => void subscriptions.inc(),
    onComplete: () => void subscriptions.dec(),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: operations.formatAll(result.errors) } : undefined),
    onError: (_ctx, _id, _payload, errors) => operations.formatAll(errors),
  });

  function accept(socket: WebSocket, req: http.IncomingMessage): void {
    // A frame `ws` refuses (over the size limit, text that is not UTF-8, a bad opcode, an unmasked frame) closes
    // that connection with its code (1009, 1007, 1002) and is reported here: without a listener it would be an
    // unhandled 'error' event, which ends the process.
    socket.on('error', (error) => {
      logger.debug('a WebSocket connection failed and was closed', describeError(error));
      if (socket.readyState !== socket.CLOSED) socket.terminate();
    });
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(CloseCode.SubprotocolNotAcceptable, `Subprotocol not acceptable: offer ${GRAPHQL_TRANSPORT_WS_PROTOCOL}`);
      return;
    }
    const client = deps.identifyClient(req);
    const key = clientKey(client);
    const held = key === null ? 0 : (perClient.get(key) ?? 0);
    if (config.liveMaxConnectionsPerClient > 0 && held >= config.liveMaxConnectionsPerClient) {
      socket.close(LIVE_CLOSE.TOO_MANY_CONNECTIONS, `Too many connections: at most ${config.liveMaxConnectionsPerClient} per client`);
      return;
    }
    if (key !== null) perClient.set(key, held + 1);
    connections.inc();
    alive.add(socket);

    const drop = (reason = `Send buffer full: over ${maxBuffered} bytes unread for ${config.liveStallTimeoutMs} ms`) => {
      if (socket.readyState !== socket.OPEN) return;
      dropped.inc();
      socket.close(LIVE_CLOSE.SEND_BUFFER_FULL, reason);
      // The close frame waits behind what the client has not read: a client that reads nothing never gets it.
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    };
    /** Whether the buffer drains under the limit within the stall timeout (while the connection is open). */
    const drained = async () => {
      const deadline = Date.now() + config.liveStallTimeoutMs;
      while (socket.readyState === socket.OPEN && socket.bufferedAmount > maxBuffered) {
        if (Date.now() >= deadline) return false;
        await new Promise((done) => setTimeout(done, DRAIN_POLL_MS));
      }
      return true;
    };
    // Sends waiting for the buffer to drain. While any waits, nothing more is read from the connection: each
    // message a client sends may want an answer (a pong, an error), and a client that sends without reading would
    // otherwise pile up answers, each waiting here, without end (80 MB of pings made 600 MB of them in 3 s).
    let waiting = 0;
    const connection: LiveConnection = {
      budget: () => new RequestBudget(deps.rateLimiter, client),
      tooSlow: () => drop(`Too slow: over ${config.liveStallTimeoutMs} ms behind live events`),
    };
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        // graphql-ws waits for this before it asks the subscription for its next event.
        send: async (data) => {
          if (socket.bufferedAmount > maxBuffered) {
            if (waiting++ === 0) socket.pause();
            const drainedInTime = await drained();
            if (--waiting === 0 && socket.readyState === socket.OPEN) socket.resume();
            if (!drainedInTime) return drop();
          }
          if (socket.readyState === socket.OPEN) socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error('a WebSocket message could not be handled', describeError(error));
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { connection },
    );
    socket.on('pong', () => alive.add(socket));
    socket.once('close', (code, reason) => {
      connections.dec();
      if (key !== null) {
        const left = (perClient.get(key) ?? 1) - 1;
        if (left === 0) perClient.delete(key);
        else perClient.set(key, left);
      }
      void closed(code, reason.toString());
    });
  }

  /**
   * Serves a request whose upgrade is not a WebSocket handshake to /graphql (`Upgrade: h2c` from `curl --http2`, a
   * POST, another path) as the HTTP/1.1 request it also is: a server may ignore Upgrade (RFC 9110 §7.8). Node hands
   * every request with an Upgrade header to this listener; the request's head is written back, without its Upgrade,
   * in front of what followed it, and the socket given to the HTTP server as a new connection.
   */
  const answerAsHttp = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (name === 'upgrade' || name === 'http2-settings') continue;
      const value = name === 'connection' ? raw[i + 1].split(',').map((token) => token.trim()).filter((token) => token !== '' && !/^(upgrade|http2-settings)$/i.test(token)).join(', ') : raw[i + 1];
      if (value !== '' || name !== 'connection') lines.push(`${raw[i]}: ${value}`);
    }
    socket.unshift(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]));
    server.emit('connection', socket);
  };
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || req.method !== 'GET' || requestTarget(req.url).path !== '/graphql') {
      answerAsHttp(req, socket, head);
      return;
    }
    if (closing) {
      refuseHandshake(socket, 503, 'SERVICE_UNAVAILABLE', 'The server is shutting down; connect again in a moment.');
      return;
    }
    const key = req.headers['sec-websocket-key'];
    if (key === undefined || !/^[+/0-9A-Za-z]{22}==$/.test(key)) {
      refuseHandshake(socket, 400, 'BAD_REQUEST', `A WebSocket handshake needs Sec-WebSocket-Key, 16 random bytes in base64 (RFC 6455 §4.1); got ${key === undefined ? 'none' : shown(key)}.`);
      return;
    }
    const version = req.headers['sec-websocket-version'];
    // RFC 6455's version alone: ws would also take 8, a draft of 2011 that no client sends any more.
    if (version !== '13') {
      refuseHandshake(socket, 400, 'BAD_REQUEST', `This server speaks WebSocket version 13 (Sec-WebSocket-Version: 13); got ${version === undefined ? 'none' : shown(version)}.`, { 'sec-websocket-version': '13' });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  };
  // The rest of what ws refuses in a handshake (a malformed Sec-WebSocket-Protocol or -Extensions) is said as JSON too.
  wss.on('wsClientError', (error: Error, socket: Duplex) => refuseHandshake(socket, 400, 'BAD_REQUEST', `The WebSocket handshake was refused: ${error.message}.`));
  server.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async close() {
      closing = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down; reconnect and resume with `after`');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
