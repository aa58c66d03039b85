import { ParsedFeed } from '../types';
import { feedOf, readDocument } from './read-document';

/**
 * Parses a feed (RSS 0.9x/1.0(RDF)/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1); relative URLs resolved against the
 * feed URL / xml:base. Throws FeedParseError when the document is not a feed or cannot be read as one.
 */
export function parseFeed(body: Buffer, contentType: string | null, feedUrl: string): ParsedFeed {
  return feedOf(readDocument(body, contentType, feedUrl));
}
