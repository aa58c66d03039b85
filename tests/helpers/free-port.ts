import net from 'node:net';

/**
 * A port nothing listens on right now (taken from the kernel, then let go): free for a server to listen on,
 * and refusing connections until one does.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
