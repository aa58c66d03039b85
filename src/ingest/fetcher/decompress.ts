import { Transform, TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { DecompressionError } from './errors';

/** The Content-Encoding values the fetcher advertises and decodes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

const INFLATERS: Record<string, (firstChunk: Buffer) => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate; a zlib header's low nibble is 8.
  deflate: (firstChunk) => ((firstChunk[0] & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw()),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * The streams that undo a Content-Encoding, in the order to apply them (codings are listed in the order they were applied,
 * RFC 9110 §8.4); empty for identity. Each stream inflates only as fast as it is read, so a cap downstream stops a bomb.
 */
export function createDecoders(contentEncoding: string | undefined, url: string): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    const inflater = INFLATERS[coding];
    if (!inflater) {
      throw new DecompressionError(url, `encoded with ${ACCEPT_ENCODING} or identity`, `its Content-Encoding is ${JSON.stringify(contentEncoding)}`);
    }
    return new Decoder(coding, url, inflater);
  });
}

/**
 * Wraps a zlib stream created on the first chunk (so "deflate" can be sniffed and an empty body stays empty) and reports
 * zlib failures as DecompressionError; it passes on backpressure by pausing the zlib stream while its own buffer is full.
 */
class Decoder extends Transform {
  private inflate: Transform | null = null;

  constructor(
    private readonly coding: string,
    private readonly url: string,
    private readonly createInflate: (firstChunk: Buffer) => Transform,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    // Waiting for zlib to take the chunk keeps at most one compressed chunk in flight.
    this.inflateFor(chunk).write(chunk, () => callback());
  }

  override _read(size: number): void {
    this.inflate?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inflate) return callback();
    this.inflate.once('end', () => callback());
    this.inflate.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inflate?.destroy();
    callback(error);
  }

  private inflateFor(firstChunk: Buffer): Transform {
    if (this.inflate) return this.inflate;
    const inflate = this.createInflate(firstChunk);
    inflate.on('data', (data: Buffer) => {
      if (!this.push(data)) inflate.pause();
    });
    inflate.on('error', (error: Error) => {
      this.destroy(new DecompressionError(this.url, `valid ${this.coding} data`, `decoding failed: ${error.message}`, { cause: error }));
    });
    this.inflate = inflate;
    return inflate;
  }
}
