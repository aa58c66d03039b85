import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
import type { Feed, FeedAuthor } from '@rowanmanning/feed-parser/lib/feed/base';
import type { FeedItem } from '@rowanmanning/feed-parser/lib/feed/item/base';
import type { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { ParsedEntry, ParsedFeed } from '../types';
import { parseFeedDate } from './feed-date';
import { FeedParseError } from './feed-parse-error';
import { escapeHtml } from './html-escape';
import { prepareXml } from './prepare-xml';
import { absoluteHttpUrl } from './urls';
import { innerXhtml } from './xhtml';

const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';

/**
 * Parses decoded RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 text with @rowanmanning/feed-parser, URLs resolved against
 * the feed URL and xml:base. Titles, authors, categories and images come from the library's item API;
 * identifiers, links, dates and HTML are read from its XML tree, since the item API decodes entities a second
 * time (`&amp;lt;` in HTML becomes a tag, `&amp;region=` in a guid becomes `®ion=`), reads dates with
 * `new Date` and re-scans the whole channel for each item's link.
 */
export function parseXmlFeed(text: string, feedUrl: string): ParsedFeed {
  let feed: Feed;
  try {
    feed = parseWithLibrary(prepareXml(text, feedUrl));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(`expected a well-formed RSS or Atom document; the XML parser reported: ${reason}`, {
      cause: error,
    });
  }
  const isAtom = feed.meta.type === 'atom';
  return {
    format: isAtom ? 'ATOM' : 'RSS',
    title: nonEmpty(feed.title),
    homepageUrl: absoluteHttpUrl(feed.url, feedUrl),
    language: nonEmpty(feed.language),
    entries: feed.items.map((item) => ({ ...(isAtom ? atomFields(item.element) : rssFields(item)), ...sharedFields(item) })),
  };
}

type SharedFields = Pick<ParsedEntry, 'title' | 'author' | 'categories' | 'imageUrl'>;

/** The fields the library reads the same way for RSS and Atom. */
function sharedFields(item: FeedItem): SharedFields {
  return {
    title: nonEmpty(item.title),
    author: authorNames(item.authors),
    categories: ownCategories(item),
    // An enclosure or Media RSS image, a media thumbnail, or itunes:image.
    imageUrl: absoluteHttpUrl(item.image?.url),
  };
}

function rssFields(item: FeedItem): Omit<ParsedEntry, keyof SharedFields> {
  const element = item.element;
  const guidElement = element.findElementWithName('guid');
  const guid = nonEmpty(guidElement?.textContent.trim()) ?? element.getAttribute('rdf:about');
  // RSS 2.0: a guid is the item's permalink unless it says isPermaLink="false".
  const permalink = guidElement?.getAttribute('ispermalink')?.trim().toLowerCase() === 'false' ? null : guid;
  const link = element.findElementsWithName('link').find((child) => child.textContent.trim());
  const contentEncoded = element
    .findElementsWithName('encoded')
    .find((child) => child.namespace === 'content' || child.namespaceUri === CONTENT_NAMESPACE);
  return {
    guid,
    url: absoluteHttpUrl(link?.textContentAsUrl) ?? absoluteHttpUrl(permalink),
    publishedAt: firstDate(element, ['pubdate', 'date']), // dc:date in RSS 1.0
    updatedAt: firstDate(element, ['updated', 'modified']), // atom:updated, dc:modified
    summary: elementHtml(element.findElementWithName('description')),
    contentHtml: elementHtml(contentEncoded),
  };
}

function atomFields(element: Element): Omit<ParsedEntry, keyof SharedFields> {
  const links = element.findElementsWithName('link');
  const alternate =
    links.find((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links.find((link) => link.getAttribute('href'));
  return {
    guid: nonEmpty(atomChild(element, 'id')?.textContent.trim()),
    url: absoluteHttpUrl(alternate?.getAttributeAsUrl('href')),
    publishedAt: firstDate(element, ['published', 'issued']), // issued: Atom 0.3
    updatedAt: firstDate(element, ['updated', 'modified']),
    summary: textConstructHtml(atomChild(element, 'summary')),
    contentHtml: textConstructHtml(atomChild(element, 'content')),
  };
}

/** The Atom child of that name, not a same-named one from another namespace (`media:content`). */
function atomChild(element: Element, name: string): Element | undefined {
  const candidates = element.findElementsWithName(name);
  return (
    candidates.find((child) => ATOM_NAMESPACES.has(child.namespaceUri ?? '')) ??
    candidates.find((child) => typeof child.namespace === 'symbol') // no prefix, in a feed without xmlns
  );
}

/** An Atom text construct (RFC 4287 §3.1) as HTML: html as is, xhtml re-serialized, text escaped. */
function textConstructHtml(element: Element | null | undefined): string | null {
  if (!element || element.getAttribute('src')) return null; // out-of-line content (§4.1.3.2)
  const type = (element.getAttribute('type') ?? 'text').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    return nonEmpty(innerXhtml(element.findElementWithName('div') ?? element));
  }
  if (type === 'html' || type === 'text/html' || element.getAttribute('mode') === 'escaped') return elementHtml(element);
  if (type === 'text' || type === 'text/plain') return nonEmpty(escapeHtml(element.textContent.trim()));
  return null; // another media type (§4.1.3.3), such as a base64 image: not article HTML
}

/** The HTML an element carries as escaped or CDATA text, or as child markup in feeds that embed it unescaped. */
function elementHtml(element: Element | null | undefined): string | null {
  if (!element) return null;
  const hasMarkup = element.children.some((child) => typeof child !== 'string');
  return nonEmpty(hasMarkup ? innerXhtml(element) : element.textContent.trim());
}

function firstDate(element: Element, names: string[]): Date | null {
  for (const name of names) {
    const date = parseFeedDate(element.findElementWithName(name)?.textContent);
    if (date) return date;
  }
  return null;
}

function authorNames(authors: FeedAuthor[]): string | null {
  const names = authors.map((author) => nonEmpty(author.name) ?? nonEmpty(author.email)).filter((name) => name !== null);
  return nonEmpty([...new Set(names)].join(', '));
}

/** The item's own categories: the library falls back to the channel's, which would tag every entry alike. */
function ownCategories(item: FeedItem): string[] {
  if (!item.element.hasElementWithName('category') && !item.element.hasElementWithName('subject')) return [];
  const labels = item.categories.map((category) => (category.label ?? category.term).trim()).filter(Boolean);
  return [...new Set(labels)];
}

function nonEmpty(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
