import { Parser } from 'htmlparser2';
import { absoluteHttpUrl } from '../../domain/web-url';

/** A feed an HTML page advertises. */
export interface FeedLink {
  url: string;
  /** The advertised media type, lower-cased: application/rss+xml, application/atom+xml or application/feed+json. */
  type: string;
  title: string | null;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);

/**
 * Feed links an HTML page advertises (<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href>), absolute.
 *
 * Read from the tokenizer's events (htmlparser2), in one pass that builds no tree: a page is probed on the thread
 * that serves requests, and a DOM (jsdom, before) held it for 40 s on a page nested 100,000 deep and then failed
 * with a stack overflow. Script and style contents are text to the tokenizer, so a link that a script would write is
 * not found; no script runs.
 */
export function discoverFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const advertised: { href: string; type: string; title: string | null }[] = [];
  let base: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && base === null && attributes.href !== undefined) base = attributes.href;
        if (name !== 'link' || attributes.href === undefined) return;
        const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        const type = (attributes.type ?? '').split(';')[0].trim().toLowerCase();
        if (rels.includes('alternate') && FEED_TYPES.has(type)) advertised.push({ href: attributes.href, type, title: attributes.title?.trim() || null });
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  // As a browser freezes the document's base URL: the first <base href> (wherever it stands), resolved against the page URL.
  const pageBase = absoluteHttpUrl(pageUrl) ?? pageUrl;
  const documentBase = base === null ? pageBase : (resolvedUrl(base, pageBase) ?? pageBase);
  const links: FeedLink[] = [];
  for (const { href, type, title } of advertised) {
    const url = absoluteHttpUrl(href, documentBase);
    if (!url || links.some((found) => found.url === url)) continue;
    links.push({ url, type, title });
  }
  return links;
}

/** `href` resolved against `base` (any scheme: a base need not be http), or null when it is no URL. */
function resolvedUrl(href: string, base: string): string | null {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return null;
  }
}
