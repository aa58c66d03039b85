import { JSDOM } from 'jsdom';
import { absoluteHttpUrl } from '../../domain/web-url';

/** A feed an HTML page advertises. */
export interface FeedLink {
  url: string;
  /** The advertised media type, lower-cased: application/rss+xml, application/atom+xml or application/feed+json. */
  type: string;
  title: string | null;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);

/** Feed links an HTML page advertises (<link rel="alternate" type="application/rss+xml|atom+xml|feed+json" href>), absolute. */
export function discoverFeedLinks(html: string, pageUrl: string): FeedLink[] {
  // jsdom neither runs scripts nor loads resources unless told to; the page URL and any <base> set document.baseURI.
  const dom = new JSDOM(html, absoluteHttpUrl(pageUrl) ? { url: pageUrl } : {});
  const { document } = dom.window;
  const links: FeedLink[] = [];
  for (const link of document.querySelectorAll('link[href]')) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (link.getAttribute('type') ?? '').split(';')[0].trim().toLowerCase();
    const url = absoluteHttpUrl(link.getAttribute('href'), document.baseURI);
    if (!rels.includes('alternate') || !FEED_TYPES.has(type) || !url) continue;
    if (links.some((found) => found.url === url)) continue;
    links.push({ url, type, title: link.getAttribute('title')?.trim() || null });
  }
  dom.window.close();
  return links;
}
