import { createHash } from 'node:crypto';
import { BadInputError } from './errors';

/** A position in a list ordered by (time, id), such as (publishedAt, id): a row the client saw. */
export interface Keyset {
  at: Date;
  id: number;
}

/** Fingerprint of the filters a list was read with; a cursor carries it so it cannot be reused with others. */
export function filterFingerprint(filter: unknown): string {
  return createHash('sha1').update(JSON.stringify(filter ?? null)).digest('base64url').slice(0, 10);
}

/** Makes the opaque cursor of a row: base64url of "v1:<epoch ms>:<id>:<filter fingerprint>". */
export function encodeCursor(key: Keyset, fingerprint: string): string {
  return Buffer.from(`v1:${key.at.getTime()}:${key.id}:${fingerprint}`).toString('base64url');
}

/** Reads a cursor made by encodeCursor, refusing malformed ones and ones made under other filters. */
export function decodeCursor(cursor: string, fingerprint: string, argName: string): Keyset {
  const match = /^v1:(-?[0-9]{1,15}):([1-9][0-9]{0,9}):([A-Za-z0-9_-]{10})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw new BadInputError(
      `\`${argName}\` must be a cursor taken from this list's \`edges.cursor\` or \`pageInfo\`; got "${cursor}".`,
    );
  }
  if (match[3] !== fingerprint) {
    throw new BadInputError(
      `The \`${argName}\` cursor was issued for a list with other filters or ordering; ` +
        'pass the same filters it was made with, or start again without a cursor.',
    );
  }
  return { at: new Date(Number(match[1])), id: Number(match[2]) };
}
