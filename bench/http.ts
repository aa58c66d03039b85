import http from 'node:http';

/** One keep-alive connection, so sequential timings measure the request and not the TCP handshake. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** An HTTP answer with the time from sending the request to reading the whole body. */
export interface HttpAnswer {
  status: number;
  body: string;
  ms: number;
}

/** Sends one request (a JSON body when given) and reads the whole answer; rejects after timeoutMs. */
export function request(url: string, json?: unknown, timeoutMs = 30_000): Promise<HttpAnswer> {
  const payload = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        agent,
        method: payload === undefined ? 'GET' : 'POST',
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Closes the idle keep-alive connection, so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
