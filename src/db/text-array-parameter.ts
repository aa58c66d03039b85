import type { DataSource } from 'typeorm';
import { targetOf } from './data-source';

/** The OID of `text`, which PostgreSQL's binary array format names as the element type. */
const TEXT_OID = 25;

/** A `text[]` parameter as the data source's driver takes it at least cost. */
export type TextArrayParameter = (values: readonly (string | null)[]) => unknown;

const asGiven: TextArrayParameter = (values) => values;

/**
 * How the ingest statements pass their `text[]` columns (bodies, texts, summaries, titles: megabytes a refresh).
 *
 * node-postgres sends a JavaScript array as an array literal (`{"…","…"}`) that it builds by concatenation, then
 * measures and encodes as UTF-8; measuring the concatenated string flattens it, and that is most of the cost:
 * for the bodies of a 1,000-article refresh (2.5 million characters) 60 to 110 ms of the main thread, against
 * about 10 ms for the same bodies in PostgreSQL's binary array format, which node-postgres sends as it is given
 * (a Buffer parameter goes in binary format) and the server reads without parsing quotes and escapes. Both carry
 * the same text: each element as UTF-8, a lone surrogate as U+FFFD, as Buffer's encoder writes it.
 *
 * PGlite's driver serializes parameters itself, from the types the statement declares; it gets the array.
 */
export function textArrayParameter(dataSource: DataSource): TextArrayParameter {
  return targetOf(dataSource).databaseUrl ? binaryTextArray : asGiven;
}

/**
 * A one-dimensional `text[]` in PostgreSQL's binary format (array_send): dimensions, a has-nulls flag, the element
 * type, the length and lower bound (1) of the dimension, then each element as its byte length and its UTF-8 bytes
 * (length -1 for NULL). An empty array has no dimension.
 */
export function binaryTextArray(values: readonly (string | null)[]): Buffer {
  const lengths = new Int32Array(values.length);
  let size = values.length === 0 ? 12 : 20;
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value == null) {
      lengths[i] = -1;
      nulls = 1;
      size += 4;
    } else {
      lengths[i] = Buffer.byteLength(value, 'utf8');
      size += 4 + lengths[i];
    }
  }
  const buffer = Buffer.allocUnsafe(size);
  buffer.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  buffer.writeInt32BE(nulls, 4);
  buffer.writeInt32BE(TEXT_OID, 8);
  let offset = 12;
  if (values.length > 0) {
    buffer.writeInt32BE(values.length, 12);
    buffer.writeInt32BE(1, 16);
    offset = 20;
  }
  for (let i = 0; i < values.length; i++) {
    offset = buffer.writeInt32BE(lengths[i], offset);
    if (lengths[i] > 0) offset += buffer.write(values[i]!, offset, lengths[i], 'utf8');
  }
  return buffer;
}
