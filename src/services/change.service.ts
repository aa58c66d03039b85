import { checkChangeKey, decodeChangeCursor, encodeChangeCursor, type ChangeKey, type ChangeRecord } from '../domain/change';
import { pageWindow } from '../domain/page';
import type { ChangeLogRepository } from '../db/repositories/change-log.repository';

/** A page of changes for a syncing client. */
export interface ChangePage {
  changes: ChangeRecord[];
  /** More changes follow the page now. */
  hasNextPage: boolean;
  /** Where to go on from: the last change's cursor, or when the page is empty the cursor it was asked after. */
  endCursor: string;
  /** The database's tag, which the cursors of its changes carry (encodeChangeCursor). */
  database: string;
}

/** What `syncCursor`, `changes` and a resumed subscription advise when a cursor cannot be followed here. */
export const RESYNC = 'Sync everything again with the list queries, taking `syncCursor` first, then follow `changes(after:)` from it.';

const START: ChangeKey = { commit: '0', seq: '0' };

/**
 * Delta sync for offline-first clients: what changed since a sync cursor, each changed node once in its latest
 * state (see ChangeLogRepository.readLatest), in commit order, so that a client that stores the last cursor and
 * asks again gets exactly what changed since, never a change twice and never one skipped.
 */
export class ChangeService {
  constructor(private readonly log: ChangeLogRepository) {}

  /** The cursor of "now": take it before a full sync, then follow `changes(after:)` from it. */
  async syncCursor(): Promise<string> {
    const { head, database } = await this.log.bounds();
    return encodeChangeCursor(head, database);
  }

  /** The changes after `after` (from the start of the log when null), `first` of them (1 to 100, default 20). */
  async page(after: string | null | undefined, first: number | null | undefined): Promise<ChangePage> {
    const { size } = pageWindow({ first });
    const from = after == null ? START : decodeChangeCursor(after, 'after');
    const bounds = await this.log.bounds(from);
    checkChangeKey(from, bounds, {
      resync: RESYNC,
      tooOld:
        after == null
          ? 'The change log does not go back to the beginning of the data (changes are kept for CHANGES_RETENTION_DAYS, and data older than the log has no changes): sync everything with the list queries, taking `syncCursor` first, then follow `changes(after:)` from it.'
          : 'This sync cursor is older than the changes still kept (CHANGES_RETENTION_DAYS): sync everything again with the list queries, taking `syncCursor` first, then follow `changes(after:)` from it.',
    });
    const rows = await this.log.readLatest(from, size + 1);
    const changes = rows.slice(0, size);
    const last = changes[changes.length - 1];
    return {
      changes,
      hasNextPage: rows.length > size,
      endCursor: encodeChangeCursor(last ?? from, bounds.database),
      database: bounds.database,
    };
  }
}
