import { DerivedEntry, deriveEntry, EntryContext, EntryToDerive } from './entry-article';
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
export async function extractPage({ html, url }: PageTask): Promise<ExtractedArticle> {
  const { extractArticle } = await import('./extract/extract-article');
  return extractArticle(html, url);
}
