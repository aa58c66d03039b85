import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a real server, for tests of a database that goes away:
 * closed, it refuses connections; cut, it also drops the open ones; frozen, it keeps them open but
 * passes nothing on (a server that stopped answering).
 */
export interface TcpRelay {
  port: number;
  /** Starts accepting (again) on the same port. */
  open(): Promise<void>;
  /** Stops accepting and drops every relayed connection. */
  cut(): Promise<void>;
  /**
   * Keeps connections open but stops passing the server's answers on; new connections hang the same way. The
   * answers are dropped, or with `hold` kept and passed on at thaw, in order (a server that hung for a while).
   */
  freeze(options?: { hold?: boolean }): void;
  /** Passes everything on again, the answers held first. */
  thaw(): void;
}

/** A relay to `target` on a free port; closed until `open()` unless `open` is true. */
export async function startTcpRelay(target: { host: string; port: number }, { open = false } = {}): Promise<TcpRelay> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let frozen = false;
  let holding = false;
  const held: [net.Socket, Buffer][] = [];
  let server: net.Server | undefined;
  let port = 0;

  const accept = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (!frozen) client.write(data);
      else if (holding) held.push([client, data]);
    });
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  };

  const relay: TcpRelay = {
    get port() {
      return port;
    },
    open: () =>
      new Promise((resolve, reject) => {
        server = net.createServer(accept);
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          port = (server!.address() as net.AddressInfo).port;
          resolve();
        });
      }),
    cut: async () => {
      const closing = server;
      server = undefined;
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    freeze: ({ hold = false } = {}) => {
      frozen = true;
      holding = hold;
    },
    thaw: () => {
      frozen = false;
      for (const [client, data] of held.splice(0)) if (!client.destroyed) client.write(data);
    },
  };
  await relay.open();
  if (!open) await relay.cut();
  return relay;
}

/** A server that accepts TCP connections and never says a word; close() drops them. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
