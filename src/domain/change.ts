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
  /**
   * When the commit's transaction began (change_commit.at), ISO 8601 to the millisecond: what tells the commit from
   * another of the same number, made after the database was restored from a copy older than it. Absent for commit
   * 0 and from cursors made before cursors carried it.
   */
  at?: string;
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

/**
 * A cursor's text: "c3:<database tag>:<commit>:<seq>:<the commit's time, ms since the epoch>", or as given before
 * cursors carried the commit's time, "c2:<database tag>:<commit>:<seq>" (and for commit 0, which has no time, still),
 * or before they named their database, "c1:<commit>:<seq>".
 */
const CHANGE_CURSOR = /^(?:c1|c2:([0-9a-f]{12})|c3:([0-9a-f]{12})):(0|[1-9][0-9]{0,18}):(0|[1-9][0-9]{0,18})(?::(0|[1-9][0-9]{0,15}))?$/;
const MAX_BIGINT = 9223372036854775807n;

/**
 * The short tag of a database in its cursors: 12 hex digits of the SHA-256 of its identity
 * (ChangeLogRepository.identity). Commit numbers start at 1 in every database, so a cursor is only meaningful in the
 * database that made it: one made again, or another behind the same address, reads it as a place in its own log.
 */
export function databaseTag(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/**
 * Makes the opaque cursor of a change in the database tagged `database`: base64url of
 * "c3:<database>:<commit>:<seq>:<the commit's time in ms>", or "c2:<database>:<commit>:<seq>" for a key without a time.
 */
export function encodeChangeCursor(key: ChangeKey, database: string): string {
  const text = key.at === undefined ? `c2:${database}:${key.commit}:${key.seq}` : `c3:${database}:${key.commit}:${key.seq}:${Date.parse(key.at)}`;
  return Buffer.from(text).toString('base64url');
}

/**
 * Reads a cursor made by encodeChangeCursor (or, before cursors named their database, "c1:<commit>:<seq>"), refusing
 * anything else with a BAD_USER_INPUT error naming `argName`.
 */
export function decodeChangeCursor(cursor: string, argName: string): ChangeKey {
  const text = opaqueText(cursor);
  const match = CHANGE_CURSOR.exec(text);
  const [, olderDatabase, database = olderDatabase, commit, seq, ms] = match ?? [];
  // Only a c3 cursor carries the commit's time, and it always does; a time must be one a Date holds (up to 8.64e15 ms).
  const stamped = text.startsWith('c3:');
  if (!match || BigInt(commit) > MAX_BIGINT || BigInt(seq) > MAX_BIGINT || stamped !== (ms !== undefined) || (ms !== undefined && Number.isNaN(new Date(Number(ms)).getTime()))) {
    throw new BadInputError(`\`${argName}\` must be a cursor from a Change, a subscription event or syncCursor; got ${shown(cursor)}.`);
  }
  const key: ChangeKey = { commit, seq };
  if (database !== undefined) key.database = database;
  if (ms !== undefined) key.at = new Date(Number(ms)).toISOString();
  return key;
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
  /** The last commit made, with its time. */
  head: ChangeKey;
  /** The database's tag (databaseTag), which its cursors carry. */
  database: string;
  /** The time of the commit the key checked names, in this database (null: there is no such commit kept here). */
  keyCommitAt: string | null;
}

/**
 * Refuses a key the change log cannot be followed from, with a ResyncRequiredError: one made by another database, or
 * by this one before it was restored from an older copy (its commit has not happened here, or happened again as
 * another: these end with `resync`), and one older than its horizon, which may have missed pruned changes (saying
 * `tooOld`). `bounds` are read for this key (ChangeLogRepository.bounds).
 */
export function checkChangeKey(key: ChangeKey, bounds: ChangeBounds, advice: { tooOld: string; resync: string }): void {
  if (key.database !== undefined && key.database !== bounds.database) {
    throw new ResyncRequiredError(
      `\`after\` is a cursor of another database (this one was made again, or restored, since the cursor was given): nothing can be followed from it here. ${advice.resync}`,
    );
  }
  // A commit this database has not made: it was restored from a copy older than the cursor (or the cursor is not one this API gave).
  if (BigInt(key.commit) > BigInt(bounds.head.commit)) {
    throw new ResyncRequiredError(
      `\`after\` names commit ${key.commit}, which this database has not made (its latest is ${bounds.head.commit}): it was restored from a copy older than the cursor, so the changes the cursor has seen are not here. ${advice.resync}`,
    );
  }
  if (bounds.horizon && changeKeyBefore(key, bounds.horizon)) throw new ResyncRequiredError(advice.tooOld);
  // A commit of that number made again since: the database was restored from a copy older than the cursor, then written to.
  if (key.at !== undefined && bounds.keyCommitAt !== key.at) {
    throw new ResyncRequiredError(
      `\`after\` names commit ${key.commit} as made at ${key.at}, but this database's commit ${key.commit} ${bounds.keyCommitAt === null ? 'is not kept' : `was made at ${bounds.keyCommitAt}`}: it was restored from a copy older than the cursor, so the changes the cursor has seen are not here. ${advice.resync}`,
    );
  }
}
