import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecoders } from './decompress';
import { FetchTooLargeError } from './errors';

/** What readBody needs to know about the response. */
export interface BodyInfo {
  url: string;
  contentEncoding: string | undefined;
  contentLength: string | undefined;
  maxBytes: number;
}

/**
 * Reads a response body into memory, undoing its Content-Encoding as it streams; fails with FetchTooLargeError as soon as
 * the declared length or the decoded byte count passes maxBytes, destroying the body (and so the connection) on any failure.
 */
export async function readBody(body: Readable, { url, contentEncoding, contentLength, maxBytes }: BodyInfo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new FetchTooLargeError(maxBytes, url, 'it sent more than that'));
      chunks.push(chunk);
      callback();
    },
  });
  try {
    const declared = Number(contentLength);
    if (contentLength !== undefined && declared > maxBytes) {
      throw new FetchTooLargeError(maxBytes, url, `the server declared Content-Length: ${declared}`);
    }
    await pipeline([body, ...createDecoders(contentEncoding, url), collect]);
  } catch (error) {
    discardBody(body);
    throw error;
  }
  return Buffer.concat(chunks, size);
}

/** Drops a body that will not be read; unless it has already ended, that closes its connection. */
export function discardBody(body: Readable): void {
  // undici reports destroying an unfinished body as an 'error', which is the intent here, not a failure.
  body.on('error', () => undefined);
  body.destroy();
}
