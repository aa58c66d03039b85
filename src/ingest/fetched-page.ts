import { extractArticle } from './extract/extract-article';
import { FeedParseError } from './parsers/feed-parse-error';
import { describeDocument, readDocument } from './parsers/read-document';
import type { ExtractedArticle } from './types';

/**
 * The article of fetched bytes that should be an article page (a full-text source's link): read as readDocument
 * reads them, then extracted. Throws a FeedParseError when they are not an HTML page. Run on a thread of the derive
 * pool (extractFetchedPage in derive-pool.ts), or on the calling thread where there is no pool.
 */
export function fetchedPageArticle(body: Buffer, contentType: string | null, url: string): ExtractedArticle {
  const read = readDocument(body, contentType, url);
  if (read.kind !== 'page') throw new FeedParseError(`expected an HTML page; got ${describeDocument(read)}`);
  return extractArticle(read.html, url);
}
