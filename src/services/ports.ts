import type { SourceKind } from '../domain/rows';
import type { IngestReport } from '../domain/ingest-report';

/** What probing a URL tells about a source to subscribe to. */
export interface ProbedSource {
  /** The feed to read: the URL given, or the feed an HTML page advertises. */
  feedUrl: string;
  kind: SourceKind;
  title: string | null;
  homepageUrl: string | null;
  language: string | null;
}

/** Reads a URL to find out what it publishes (implemented by the ingestion layer). */
export interface SourceProbe {
  /** What the URL publishes; with `declared`, refuses a document of another kind. */
  probe(url: string, declared?: SourceKind | null): Promise<ProbedSource>;
}

/** Refreshes one source now (implemented by the ingestion pipeline). */
export interface SourceRefresher {
  refreshNow(sourceId: number): Promise<IngestReport>;
}
