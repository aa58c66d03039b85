import { isStorableInstant } from './date-range';
import { BadInputError } from './errors';
import { MAX_ROW_ID } from './global-id';
import { shown } from './input-check';
import { opaqueText } from './opaque';

/** A position in a list ordered by (time, id), such as (publishedAt, id): a row the client saw. */
export interface Keyset {
  at: Date;
  id: number;
}

/**
 * Fingerprint of the filters a list was read with; a cursor carries it so it cannot be reused with others.
 *
 * Two 32-bit FNV-1a hashes of the filters' JSON: it catches a client mixing up cursors, which is
 * all it is for (cursors are not a security boundary), at a fraction of a cryptographic hash's cost.
 */
export function filterFingerprint(filter: unknown): string {
  const text = JSON.stringify(filter ?? null);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return ((a >>> 0).toString(36).padStart(7, '0') + (b >>> 0).toString(36).padStart(7, '0')).slice(0, 14);
}

/** Makes the opaque cursor of a row: base64url of "v1:<epoch ms>:<id>:<filter fingerprint>". */
export function encodeCursor(key: Keyset, fingerprint: string): string {
  return Buffer.from(`v1:${key.at.getTime()}:${key.id}:${fingerprint}`).toString('base64url');
}

/** Reads a cursor made by encodeCursor, refusing malformed or forged ones and ones made under other filters. */
export function decodeCursor(cursor: string, fingerprint: string, argName: string): Keyset {
  // Numbers as encodeCursor writes them: no leading zeros, no "-0".
  const match = /^v1:(0|-?[1-9][0-9]{0,14}):([1-9][0-9]{0,9}):([a-z0-9]{14})$/.exec(opaqueText(cursor));
  const at = match ? Number(match[1]) : NaN;
  const id = match ? Number(match[2]) : NaN;
  // A forged time or id outside what a row can hold would reach the database as an error, not as "no rows".
  if (!match || !isStorableInstant(at) || id > MAX_ROW_ID) {
    throw notOurs(cursor, argName);
  }
  if (match[3] !== fingerprint) {
    throw madeUnderOtherFilters(argName);
  }
  return { at: new Date(at), id };
}

/** A position in a list ranked by score, such as search results: the row's score and id, and when the ranking was made. */
export interface ScoreKeyset {
  score: number;
  id: number;
  /** The instant the scores were computed for (recency counts from it), kept so that later pages rank alike. */
  asOf: Date;
}

/** Above any score search gives (a text rank of at most a few units, lifted by recency at most a few times). */
const MAX_SCORE = 1e6;

/** Makes the opaque cursor of a ranked row: base64url of "r1:<score>:<id>:<as-of epoch ms>:<filter fingerprint>". */
export function encodeScoreCursor(key: ScoreKeyset, fingerprint: string): string {
  return Buffer.from(`r1:${key.score}:${key.id}:${key.asOf.getTime()}:${fingerprint}`).toString('base64url');
}

/** Reads a cursor made by encodeScoreCursor, refusing malformed or forged ones and ones made under other filters. */
export function decodeScoreCursor(cursor: string, fingerprint: string, argName: string): ScoreKeyset {
  const match = /^r1:([0-9.e+-]{1,32}):([1-9][0-9]{0,9}):(0|-?[1-9][0-9]{0,14}):([a-z0-9]{14})$/.exec(opaqueText(cursor));
  const score = match ? Number(match[1]) : NaN;
  const id = match ? Number(match[2]) : NaN;
  const asOf = match ? Number(match[3]) : NaN;
  // A score as encodeScoreCursor writes it (JavaScript's own form of the number: no "00.1", "-0" or "1e308"), in the
  // range scores have: a text rank times the recency lift is never negative, and far below MAX_SCORE.
  const written = match !== null && String(score) === match[1] && score >= 0 && score <= MAX_SCORE;
  if (!match || !written || !isStorableInstant(asOf) || id > MAX_ROW_ID) {
    throw notOurs(cursor, argName);
  }
  if (match[4] !== fingerprint) {
    throw madeUnderOtherFilters(argName);
  }
  return { score, id, asOf: new Date(asOf) };
}

function notOurs(cursor: string, argName: string): BadInputError {
  return new BadInputError(`\`${argName}\` must be a cursor taken from this list's \`edges.cursor\` or \`pageInfo\`; got ${shown(cursor)}.`);
}

function madeUnderOtherFilters(argName: string): BadInputError {
  return new BadInputError(
    `The \`${argName}\` cursor was issued for a list with other filters or ordering; ` +
      'pass the same filters it was made with, or start again without a cursor.',
  );
}
