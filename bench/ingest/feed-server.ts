import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server answering each path with a fixed feed document. */
export interface FeedServer {
  /** The absolute URL of a served path. */
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves `feeds` (path -> RSS bytes) on 127.0.0.1 at a free port; any other path answers 404. */
export async function startFeedServer(feeds: ReadonlyMap<string, Buffer>): Promise<FeedServer> {
  const server: Server = createServer((request, response) => {
    const body = feeds.get((request.url ?? '/').split('?')[0]);
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
