import { ParsedFeed } from '../types';
import { decodeText } from './decode-text';
import { detectTextFormat } from './detect-format';
import { FeedParseError } from './feed-parse-error';
import { parseJsonFeed } from './json-feed';
import { parseXmlFeed } from './xml-feed';

/**
 * Parses a feed (RSS 0.9x/1.0(RDF)/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1); relative URLs resolved against the
 * feed URL / xml:base. Throws FeedParseError when the document is not a feed or cannot be read as one.
 */
export function parseFeed(body: Buffer, contentType: string | null, feedUrl: string): ParsedFeed {
  const text = decodeText(body, contentType);
  const format = detectTextFormat(text, contentType);
  if (format === 'RSS' || format === 'ATOM') return parseXmlFeed(text, feedUrl);
  if (format === 'JSON_FEED') return parseJsonFeed(text, feedUrl);
  const start = text.trim().slice(0, 40);
  const got = format === 'HTML' ? 'HTML' : start ? `a document starting with ${JSON.stringify(start)}` : 'an empty document';
  throw new FeedParseError(`expected an RSS, Atom or JSON Feed document; got ${got}`);
}
