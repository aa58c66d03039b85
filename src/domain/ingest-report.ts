/** How a refresh ended. */
export type IngestStatus = 'UPDATED' | 'NOT_MODIFIED' | 'FAILED';

/** What one refresh of a source found and wrote. */
export interface IngestReport {
  sourceId: number;
  status: IngestStatus;
  /** Entries the feed (or page) held. */
  itemsSeen: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  articlesAdded: number;
  articlesUpdated: number;
  /** Entries stored as news items only: too little content for an article, and the source is not full-text. */
  headlinesOnly: number;
  /** Article pages read for a full-text source, and those that could not be read (each also in `errors`). */
  pagesFetched: number;
  pagesFailed: number;
  /** What went wrong: the fetch as a whole, or single entries that were skipped. */
  errors: string[];
  startedAt: Date;
  durationMs: number;
  nextFetchAt: Date;
}
