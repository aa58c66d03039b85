import WebSocket from 'ws';
import { wsUrl } from './live-client';

export interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/** A WebSocket speaking graphql-ws's protocol by hand, to do what a well-behaved client library would not. */
export class RawConnection {
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly socket: WebSocket;

  constructor(url: string, protocols: string[] = ['graphql-transport-ws']) {
    this.socket = new WebSocket(wsUrl(url), protocols);
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async open(url: string, init = true): Promise<RawConnection> {
    const connection = new RawConnection(url);
    await new Promise((resolve, reject) => connection.socket.once('open', resolve).once('error', reject));
    if (init) {
      connection.send({ type: 'connection_init' });
      await connection.message((m) => m.type === 'connection_ack');
    }
    return connection;
  }

  send(message: Message): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  async message(match: (message: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No such message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise((done) => setTimeout(done, 10));
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

