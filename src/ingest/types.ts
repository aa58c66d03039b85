/**
 * The values that pass between the ingestion stages (fetch -> parse -> extract/sanitize -> store).
 * Each stage is pure except the fetcher; none of these types knows about the database.
 */

/** The formats a source can publish in. */
export type FeedFormat = 'RSS' | 'ATOM' | 'JSON_FEED';

/** What the fetcher got for one URL. */
export interface FetchedResource {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The decompressed body (empty for 304). */
  body: Buffer;
  /** True when the server answered 304 to a conditional request. */
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  /** The `Content-Type` header, if any. */
  contentType: string | null;
}

/** One entry of a feed, as the feed states it (URLs absolute, dates with their offsets applied). */
export interface ParsedEntry {
  /** The entry's GUID / Atom id / JSON Feed id, if it has one. */
  guid: string | null;
  /** The title as HTML (a plain-text title escaped), which `entryTitle` reduces to one line of text. */
  title: string | null;
  url: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  author: string | null;
  /** Short text or HTML the feed gives as a description or summary. */
  summary: string | null;
  /** Full content (HTML) when the feed carries it (content:encoded, Atom content, content_html). */
  contentHtml: string | null;
  categories: string[];
  imageUrl: string | null;
  /**
   * The base URL an xml:base gives the summary and content, which their relative links resolve against;
   * absent when none applies, and they resolve against the entry's own URL.
   */
  baseUrl?: string;
}

/** A whole feed. */
export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to. */
  homepageUrl: string | null;
  language: string | null;
  entries: ParsedEntry[];
}

/** An article read from an HTML page. */
export interface ExtractedArticle {
  /** The canonical URL (the page's canonical link, else the page URL), normalized. */
  url: string;
  title: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  author: string | null;
  /** The section, e.g. "World". */
  category: string | null;
  tags: string[];
  /** Lower-case BCP 47 tag. */
  language: string | null;
  imageUrl: string | null;
  /** The original publisher when the page republishes it ("informs via POLITICO" -> "POLITICO"). */
  attribution: string | null;
  /** Sanitized HTML with absolute URLs. */
  body: string | null;
  bodyText: string | null;
  summary: string | null;
  wordCount: number;
}
