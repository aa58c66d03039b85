import { BadInputError, ResyncRequiredError } from './errors';
import { shown } from './input-check';
import { opaqueText } from './opaque';

/** The node types whose changes are recorded (see the ChangeLog migration). */
export type ChangeEntity = 'Article' | 'NewsItem' | 'Source' | 'Story';

/** What happened to a row. */
export type ChangeOp = 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * A change's place in the stream: the number of the commit that made it (commits are numbered in the order they
 * happen), then its sequence number within the log, both decimal strings (they are PostgreSQL bigints). Changes
 * are read in (commit, seq) order; see the ChangeLog migration.
 */
export interface ChangeKey {
  commit: string;
  seq: string;
}

/** The largest sequence number: a key with it stands after every change of its commit. */
export const END_OF_COMMIT = '9223372036854775807';

/** One recorded change of one row. */
export interface ChangeRecord extends ChangeKey {
  entity: ChangeEntity;
  entityId: number;
  op: ChangeOp;
  /** When its transaction committed, ISO 8601. */
  at: string;
}

const DIGITS = /^(0|[1-9][0-9]{0,18})$/;
const MAX_BIGINT = 9223372036854775807n;

/** Makes the opaque cursor of a change: base64url of "c1:<commit>:<seq>". */
export function encodeChangeCursor(key: ChangeKey): string {
  return Buffer.from(`c1:${key.commit}:${key.seq}`).toString('base64url');
}

/** Reads a cursor made by encodeChangeCursor, refusing anything else with a BAD_USER_INPUT error naming `argName`. */
export function decodeChangeCursor(cursor: string, argName: string): ChangeKey {
  const parts = opaqueText(cursor).split(':');
  const [tag, commit, seq] = parts;
  if (parts.length !== 3 || tag !== 'c1' || !DIGITS.test(commit ?? '') || !DIGITS.test(seq ?? '') || BigInt(commit) > MAX_BIGINT || BigInt(seq) > MAX_BIGINT) {
    throw new BadInputError(`\`${argName}\` must be a cursor from a Change, a subscription event or syncCursor; got ${shown(cursor)}.`);
  }
  return { commit, seq };
}

/** Whether `a` comes before `b` in the stream. */
export function changeKeyBefore(a: ChangeKey, b: ChangeKey): boolean {
  const ac = BigInt(a.commit);
  const bc = BigInt(b.commit);
  return ac < bc || (ac === bc && BigInt(a.seq) < BigInt(b.seq));
}

/** Where a cursor of the change log may stand: after the newest commit pruned (null: none was), up to the last made. */
export interface ChangeBounds {
  horizon: ChangeKey | null;
  head: ChangeKey;
}

/**
 * Refuses a key the change log cannot be followed from: one older than its horizon, which may have missed pruned
 * changes (ResyncRequiredError, saying `tooOld`), and one naming a commit not made yet, from another deployment or
 * a database since restored (BadInputError, ending with `notYet`).
 */
export function checkChangeKey(key: ChangeKey, bounds: ChangeBounds, advice: { tooOld: string; notYet: string }): void {
  if (BigInt(key.commit) > BigInt(bounds.head.commit)) {
    throw new BadInputError(`\`after\` names commit ${key.commit}, which has not happened yet (the latest is ${bounds.head.commit}); ${advice.notYet}`);
  }
  if (bounds.horizon && changeKeyBefore(key, bounds.horizon)) throw new ResyncRequiredError(advice.tooOld);
}
