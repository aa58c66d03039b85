import { DerivedEntry, deriveEntry, EntryContext, EntryToDerive } from './entry-article';
import type { ReadDocument } from './parsers/read-document';
import type { ExtractedArticle } from './types';

/** A share of one feed's entries, derived on a thread of the derive pool. */
export interface DeriveTask {
  entries: EntryToDerive[];
  context: EntryContext;
}

/** Piscina calls the default export with each task; what it returns is copied back to the caller's thread. */
export default function derive({ entries, context }: DeriveTask): DerivedEntry[] {
  return entries.map((entry) => deriveEntry(entry, context));
}

/** An article page to read on a thread of the pool: its HTML and URL. */
export interface PageTask {
  html: string;
  url: string;
}

/**
 * Reads an article page (extractArticle), called by name (derive-pool.ts). The extraction code (linkedom,
 * Readability) is loaded on a thread's first page, so threads that only derive entries never load it.
 */
export async function extractPage({ html, url }: PageTask): Promise<PageOutcome> {
  const { extractArticle } = await import('./extract/extract-article');
  return pageOutcome(() => extractArticle(html, url));
}

/** What a thread made of a page: its article, or the message of the PageRefusedError it met (a class does not cross threads). */
export type PageOutcome = { article: ExtractedArticle } | { pageRefused: string };

async function pageOutcome(read: () => ExtractedArticle | Promise<ExtractedArticle>): Promise<PageOutcome> {
  const { PageRefusedError } = await import('./extract/dom');
  try {
    return { article: await read() };
  } catch (error) {
    if (error instanceof PageRefusedError) return { pageRefused: error.message };
    throw error;
  }
}

/** Fetched bytes to read on a thread of the pool, with what readDocument takes besides. */
export interface FetchedTask {
  body: Uint8Array;
  contentType: string | null;
  url: string;
}

/** The bytes a task carries as the Buffer readDocument takes (a Buffer arrives from another thread as a Uint8Array). */
const bufferOf = (body: Uint8Array) => Buffer.from(body.buffer, body.byteOffset, body.byteLength);

/** What a thread read: the document, or the message of the FeedParseError it met (a class does not cross threads). */
export type ReadOutcome = { document: ReadDocument } | { feedParseError: string };

/**
 * Reads fetched bytes as readDocument does (decode, tell, parse a feed), called by name (derive-pool.ts). Parsing
 * a large feed takes hundreds of milliseconds, and a hostile one within the limits seconds: not on the thread that
 * serves requests. The parsers load on a thread's first document.
 */
export async function readFetched({ body, contentType, url }: FetchedTask): Promise<ReadOutcome> {
  const { readDocument } = await import('./parsers/read-document');
  const { FeedParseError } = await import('./parsers/feed-parse-error');
  try {
    return { document: readDocument(bufferOf(body), contentType, url) };
  } catch (error) {
    if (error instanceof FeedParseError) return { feedParseError: error.message };
    throw error;
  }
}

/**
 * Reads fetched bytes that should be an article page, and the page's article (extractArticle), in one task: the
 * page's text is not copied back and forth between threads. Throws when the bytes are not an HTML page.
 */
export async function extractFetchedPage({ body, contentType, url }: FetchedTask): Promise<PageOutcome> {
  const { fetchedPageArticle } = await import('./fetched-page');
  return pageOutcome(() => fetchedPageArticle(bufferOf(body), contentType, url));
}
