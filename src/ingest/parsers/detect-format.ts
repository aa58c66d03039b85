import { FeedFormat } from '../types';
import { decodeText } from './decode-text';
import { scanProlog } from './xml-prolog';

/** A feed format, an HTML page, or a document that is neither. */
export type DocumentFormat = FeedFormat | 'HTML' | 'UNKNOWN';

// JSON may escape slashes (PHP's json_encode does), so `https:\/\/jsonfeed.org\/version\/1` counts too.
const JSON_FEED_VERSION = /"version"\s*:\s*"https?:(?:\\?\/){2}jsonfeed\.org(?:\\?\/)version(?:\\?\/)/;

/** What a document is: a feed format, an HTML page, or unknown. */
export function detectFormat(body: Buffer, contentType: string | null): DocumentFormat {
  return detectTextFormat(decodeText(body, contentType), contentType);
}

/**
 * What a decoded document is. The content decides: servers label feeds text/html or text/plain and error
 * pages application/rss+xml, so the Content-Type only settles cases the content leaves open.
 */
export function detectTextFormat(text: string, contentType: string | null): DocumentFormat {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (text.trimStart().startsWith('{')) {
    return JSON_FEED_VERSION.test(text) || mediaType === 'application/feed+json' ? 'JSON_FEED' : 'UNKNOWN';
  }
  const { doctype, root } = scanProlog(text);
  // Local names: `rdf:RDF` is RSS 1.0, and Atom elements may carry a prefix.
  const rootName = (root?.name.split(':').pop() ?? '').toLowerCase();
  // A CDF `<CHANNEL>` is read as RSS, the format that grew out of it.
  if (rootName === 'rss' || rootName === 'rdf' || rootName === 'channel') return 'RSS';
  if (rootName === 'feed') return 'ATOM';
  if (doctype?.name.toLowerCase() === 'html' || ['html', 'head', 'body'].includes(rootName)) return 'HTML';
  if (root && (mediaType === 'text/html' || mediaType === 'application/xhtml+xml')) return 'HTML';
  return 'UNKNOWN';
}
