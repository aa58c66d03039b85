import type { ChangeStream } from '../services/change-stream';

/**
 * The version of the data answers are made from: it moves whenever a commit changes what a query may read, and
 * every process learns it within a second. The response cache keys answers by it, so an answer made before the
 * data last changed is never served.
 */
export interface DataVersion {
  current(): string;
  /** Learns the version now, after a write of this process, so that the process's next read sees it moved. */
  refresh(): Promise<void>;
}

/**
 * The data version of the change stream: the database it reads, and the last commit in its change log it has read.
 * It is the same in every process that has read as far in the same database, so answers keyed by it can be shared
 * through Redis; another database whose log stands at the same commit has another version. It moves once the
 * stream has read a commit's changes: a few milliseconds after the commit's notification, within a second (the
 * stream's poll) when notifications are lost.
 */
export function changeLogVersion(changes: ChangeStream): DataVersion {
  let unknown = 0;
  return {
    // Before the stream has started nothing is shared: each call is a version of its own.
    // The commit alone: a stream that started after it stands at its end, one that read it at its last change.
    current: () => (changes.at && changes.database ? `${changes.database}:${changes.at.commit}` : `unknown:${process.pid}:${++unknown}`),
    refresh: () => changes.catchUp(),
  };
}
