import type { DataSource } from 'typeorm';
import { databaseTag, END_OF_COMMIT, type ChangeBounds, type ChangeEntity, type ChangeKey, type ChangeOp, type ChangeRecord } from '../../domain/change';

/** The key before every change. */
const START: ChangeKey = { commit: '0', seq: '0' };

const OPS: Record<string, ChangeOp> = { I: 'INSERT', U: 'UPDATE', D: 'DELETE' };
const OP_CODES: Record<ChangeOp, string> = { INSERT: 'I', UPDATE: 'U', DELETE: 'D' };

/** The changes (`l`, of commit `c`) after the key ($1, $2), in the order of (commit, seq). */
const CHANGES_AFTER_KEY = `FROM change_commit c JOIN change_log l ON l.xid = c.xid
       WHERE c.commit >= $1::bigint AND (c.commit > $1::bigint OR l.seq > $2::bigint)`;

interface Row {
  commit: string;
  seq: string;
  entity: ChangeEntity;
  entity_id: number;
  op: string;
  at: Date | string;
}

/** The time of commit `$commit` in milliseconds since the epoch, as text (null when it is not kept): what a cursor carries of it. */
const COMMIT_MS = `(SELECT (extract(epoch FROM at) * 1000)::bigint::text FROM change_commit WHERE commit = $commit)`;

const isoOfMs = (ms: string): string => new Date(Number(ms)).toISOString();

const toRecord = (row: Row): ChangeRecord => ({
  commit: row.commit,
  seq: row.seq,
  entity: row.entity,
  entityId: row.entity_id,
  op: OPS[row.op],
  at: (row.at instanceof Date ? row.at : new Date(row.at)).toISOString(),
});

/**
 * Reads the change log (see the ChangeLog migration) in (commit, seq) order. Commits are numbered as they happen,
 * so a commit that can be read has every earlier one readable too: reading after the last key read never skips.
 *
 * Reads go to the primary: notifications come from it, and a replica may not have replayed a commit yet.
 */
export class ChangeLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` changes after `after` (from the oldest kept when null), oldest first, optionally of some node types only. */
  async read(after: ChangeKey | null, limit: number, entities?: readonly ChangeEntity[]): Promise<ChangeRecord[]> {
    const from = after ?? START;
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.commit::text AS commit, l.seq::text AS seq, l.entity, l.entity_id, l.op, c.at
       ${CHANGES_AFTER_KEY}
         ${entities ? 'AND l.entity = ANY($4::text[])' : ''}
       ORDER BY c.commit, l.seq
       LIMIT $3`,
      entities ? [from.commit, from.seq, limit, entities] : [from.commit, from.seq, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Up to `limit` changes after `after` (from the oldest kept when null), oldest first, each node's latest only:
   * a change followed by a later one of the same node is left out, the later one standing for both. A reader
   * going on from the last key gets every node that changed since, in its state now, once per page at most.
   */
  async readLatest(after: ChangeKey | null, limit: number): Promise<ChangeRecord[]> {
    const from = after ?? START;
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.commit::text AS commit, l.seq::text AS seq, l.entity, l.entity_id, l.op, c.at
       ${CHANGES_AFTER_KEY}
         AND NOT EXISTS (
           SELECT 1 FROM change_log later JOIN change_commit lc ON lc.xid = later.xid
           WHERE later.entity_id = l.entity_id AND later.entity = l.entity
             AND (lc.commit > c.commit OR (lc.commit = c.commit AND later.seq > l.seq)))
       ORDER BY c.commit, l.seq
       LIMIT $3`,
      [from.commit, from.seq, limit],
    );
    return rows.map(toRecord);
  }

  /** How many changes of `entity` with one of `ops` follow `after`, counting no further than `limit`. */
  async countAfter(after: ChangeKey, entity: ChangeEntity, ops: readonly ChangeOp[], limit: number): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM (
         SELECT 1 ${CHANGES_AFTER_KEY} AND l.entity = $3 AND l.op::text = ANY($4::text[])
         LIMIT $5) AS following`,
      [after.commit, after.seq, entity, ops.map((op) => OP_CODES[op]), limit],
    );
    return count;
  }

  /**
   * Where a cursor may stand, in one statement: after the horizon, the newest commit pruned (a cursor before its
   * end may have missed pruned changes; null when nothing was pruned), and up to the head (see `head`).
   */
  async bounds(key: ChangeKey = START): Promise<ChangeBounds> {
    const [row]: { last: string; last_at: string | null; key_at: string | null; pruned: string | null; identity: string }[] = await this.dataSource.query(
      `SELECT last::text AS last, ${COMMIT_MS.replace('$commit', 'last')} AS last_at, ${COMMIT_MS.replace('$commit', '$1::bigint')} AS key_at,
         (SELECT commit::text FROM change_log_horizon) AS pruned, newsline_database_identity() AS identity
       FROM change_counter`,
      [key.commit],
    );
    const head: ChangeKey = { commit: row.last, seq: END_OF_COMMIT };
    if (row.last_at !== null) head.at = isoOfMs(row.last_at);
    return {
      head,
      horizon: row.pruned === null ? null : { commit: row.pruned, seq: END_OF_COMMIT },
      database: databaseTag(row.identity),
      keyCommitAt: row.key_at === null ? null : isoOfMs(row.key_at),
    };
  }

  /**
   * What tells this database from any other, whatever their commit numbers: the random identity made with it, and
   * where it lives (the server's system identifier and the database's OID), which a copy restored elsewhere does
   * not share (see the DatabaseIdentity migration).
   */
  async identity(): Promise<string> {
    const [{ identity }]: { identity: string }[] = await this.dataSource.query('SELECT newsline_database_identity() AS identity');
    return identity;
  }

  /** The key after the last commit made so far: a stream started here misses nothing later. */
  async head(): Promise<ChangeKey> {
    const [{ last }]: { last: string }[] = await this.dataSource.query(`SELECT last::text AS last FROM change_counter`);
    return { commit: last, seq: END_OF_COMMIT };
  }

  /**
   * Deletes the changes of commits made before `before`, at most `batch` commits at a time, and moves the
   * horizon past them; returns how many commits were pruned (call again while it returns `batch`).
   */
  async prune(before: Date, batch = 1000): Promise<number> {
    const rows: { pruned: string }[] = await this.dataSource.query(
      `WITH old AS (
         SELECT xid, commit FROM change_commit WHERE at < $1 AND commit IS NOT NULL ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED),
       changes AS (DELETE FROM change_log l USING old WHERE l.xid = old.xid),
       commits AS (DELETE FROM change_commit c USING old WHERE c.xid = old.xid RETURNING c.commit),
       moved AS (
         INSERT INTO change_log_horizon (one, commit) SELECT true, max(commit) FROM commits HAVING count(*) > 0
         ON CONFLICT (one) DO UPDATE SET commit = EXCLUDED.commit WHERE change_log_horizon.commit < EXCLUDED.commit)
       SELECT count(*)::text AS pruned FROM commits`,
      [before, batch],
    );
    return Number(rows[0]?.pruned ?? 0);
  }
}
