import { createHash } from 'node:crypto';
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
  /** The tag of the database a cursor was made by (databaseTag); absent from cursors made before cursors carried it. */
  database?: string;
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

/** A cursor's text: "c2:<database tag>:<commit>:<seq>", or "c1:<commit>:<seq>" as given before cursors named their database. */
const CHANGE_CURSOR = /^(?:c1|c2:([0-9a-f]{12})):(0|[1-9][0-9]{0,18}):(0|[1-9][0-9]{0,18})$/;
const MAX_BIGINT = 9223372036854775807n;

/**
 * The short tag of a database in its cursors: 12 hex digits of the SHA-256 of its identity
 * (ChangeLogRepository.identity). Commit numbers start at 1 in every database, so a cursor is only meaningful in the
 * database that made it: one made again, or another behind the same address, reads it as a place in its own log.
 */
export function databaseTag(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/** Makes the opaque cursor of a change in the database tagged `database`: base64url of "c2:<database>:<commit>:<seq>". */
export function encodeChangeCursor(key: ChangeKey, database: string): string {
  return Buffer.from(`c2:${database}:${key.commit}:${key.seq}`).toString('base64url');
}

/**
 * Reads a cursor made by encodeChangeCursor (or, before cursors named their database, "c1:<commit>:<seq>"), refusing
 * anything else with a BAD_USER_INPUT error naming `argName`.
 */
export function decodeChangeCursor(cursor: string, argName: string): ChangeKey {
  const match = CHANGE_CURSOR.exec(opaqueText(cursor));
  if (!match || BigInt(match[2]) > MAX_BIGINT || BigInt(match[3]) > MAX_BIGINT) {
    throw new BadInputError(`\`${argName}\` must be a cursor from a Change, a subscription event or syncCursor; got ${shown(cursor)}.`);
  }
  const [, database, commit, seq] = match;
  return database === undefined ? { commit, seq } : { commit, seq, database };
}

/** Whether `a` comes before `b` in the stream. */
export function changeKeyBefore(a: ChangeKey, b: ChangeKey): boolean {
  const ac = BigInt(a.commit);
  const bc = BigInt(b.commit);
  return ac < bc || (ac === bc && BigInt(a.seq) < BigInt(b.seq));
}

/** Where a cursor of the change log may stand: after the newest commit pruned (null: none was), up to the last made, in this database. */
export interface ChangeBounds {
  horizon: ChangeKey | null;
  head: ChangeKey;
  /** The database's tag (databaseTag), which its cursors carry. */
  database: string;
}

/**
 * Refuses a key the change log cannot be followed from: one made by another database (ResyncRequiredError, ending with
 * `resync`), one older than its horizon, which may have missed pruned changes (ResyncRequiredError, saying `tooOld`),
 * and one naming a commit not made yet (BadInputError, ending with `notYet`).
 */
export function checkChangeKey(key: ChangeKey, bounds: ChangeBounds, advice: { tooOld: string; notYet: string; resync: string }): void {
  if (key.database !== undefined && key.database !== bounds.database) {
    throw new ResyncRequiredError(
      `\`after\` is a cursor of another database (this one was made again, or restored, since the cursor was given): nothing can be followed from it here. ${advice.resync}`,
    );
  }
  if (BigInt(key.commit) > BigInt(bounds.head.commit)) {
    throw new BadInputError(`\`after\` names commit ${key.commit}, which has not happened yet (the latest is ${bounds.head.commit}); ${advice.notYet}`);
  }
  if (bounds.horizon && changeKeyBefore(key, bounds.horizon)) throw new ResyncRequiredError(advice.tooOld);
}
