import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
import type { Feed, FeedAuthor } from '@rowanmanning/feed-parser/lib/feed/base';
import type { FeedItem } from '@rowanmanning/feed-parser/lib/feed/item/base';
import type { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { errorMessage } from '../../domain/errors';
import { absoluteHttpUrl } from '../../domain/web-url';
import { ParsedEntry, ParsedFeed } from '../types';
import { parseFeedDate } from './feed-date';
import { FeedParseError } from './feed-parse-error';
import { escapeHtml } from '../../domain/html-escape';
import { prepareXml } from './prepare-xml';
import { innerXhtml } from './xhtml';

const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';

/**
 * Parses decoded RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 text with @rowanmanning/feed-parser, URLs resolved against
 * the feed URL and xml:base. Authors, categories and images come from the library's item API; titles (as the
 * library reads them), identifiers, links, dates and HTML are read from its XML tree, since the item API decodes entities a second
 * time (`&amp;lt;` in HTML becomes a tag, `&amp;region=` in a guid becomes `®ion=`), reads dates with
 * `new Date` and re-scans the whole channel for each item's link.
 */
export function parseXmlFeed(text: string, feedUrl: string): ParsedFeed {
  let feed: Feed;
  try {
    feed = parseWithLibrary(prepareXml(text, feedUrl));
  } catch (error) {
    throw new FeedParseError(`expected a well-formed RSS or Atom document; the XML parser reported: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  // Each of the channel's own fields (title, link, language, authors, …) is looked up among its children, which
  // the library builds anew, every item included, for each lookup: they are built once.
  Children.of(feed.element);
  const isAtom = feed.meta.type === 'atom';
  // An item without authors (or categories) falls back to the channel's, which the library reads anew, walking
  // every item of the channel, for each such item: reading them once makes a large feed linear instead of quadratic.
  Object.defineProperties(feed, { authors: { value: feed.authors }, categories: { value: feed.categories } });
  return {
    format: isAtom ? 'ATOM' : 'RSS',
    title: nonEmpty(feed.title),
    homepageUrl: absoluteHttpUrl(feed.url, feedUrl),
    language: nonEmpty(feed.language),
    entries: feed.items.map((item) => {
      const children = Children.of(item.element);
      return { ...(isAtom ? atomFields(children) : rssFields(item.element, children)), ...sharedFields(item, children, isAtom) };
    }),
  };
}

/**
 * An element's child elements by (local) name. The library builds an element's children anew for each lookup
 * (and each child's name, attributes and base URL anew for each read), which made most of the cost of reading
 * an item: this builds them once.
 */
class Children {
  private readonly byName = new Map<string, Element[]>();

  /**
   * The children of an element (the channel, an item), with the element's own child lookups and base URL
   * answered from them for the library's API (authors, categories, image, the channel's fields, its items),
   * which otherwise rebuilds them for every lookup.
   * Same answers: the children of that name in document order, and the base URL the element has.
   */
  static of(element: Element): Children {
    const children = new Children(element);
    Object.defineProperties(element, {
      findElementsWithName: { value: (name: string) => children.all(name).slice() },
      baseUrl: { value: element.baseUrl },
    });
    return children;
  }

  constructor(element: Element) {
    for (const child of element.children) {
      if (typeof child === 'string') continue;
      const name = child.name;
      const named = this.byName.get(name);
      if (named) named.push(child);
      else this.byName.set(name, [child]);
    }
  }

  /** The children of that name, in document order. */
  all(name: string): Element[] {
    return this.byName.get(name) ?? [];
  }

  /** The first child of that name. */
  first(name: string): Element | undefined {
    return this.byName.get(name)?.[0];
  }

  has(...names: string[]): boolean {
    return names.some((name) => this.byName.has(name));
  }
}

/** Where an RSS item's image may be stated (the library finds none in an item without these): image, enclosure, Media RSS. */
const RSS_IMAGE_ELEMENTS = ['image', 'enclosure', 'content', 'group', 'thumbnail'];

type SharedFields = Pick<ParsedEntry, 'title' | 'author' | 'categories' | 'imageUrl'>;

/** The fields the library reads the same way for RSS and Atom. */
function sharedFields(item: FeedItem, children: Children, isAtom: boolean): SharedFields {
  return {
    title: nonEmpty(children.first('title')?.textContentNormalized),
    author: authorNames(item.authors),
    categories: ownCategories(item, children),
    // An enclosure or Media RSS image, a media thumbnail, or itunes:image.
    imageUrl: isAtom || children.has(...RSS_IMAGE_ELEMENTS) ? absoluteHttpUrl(item.image?.url) : null,
  };
}

function rssFields(element: Element, children: Children): Omit<ParsedEntry, keyof SharedFields> {
  const guidElement = children.first('guid');
  const guid = nonEmpty(guidElement?.textContent.trim()) ?? element.getAttribute('rdf:about');
  // RSS 2.0: a guid is the item's permalink unless it says isPermaLink="false".
  const permalink = guidElement?.getAttribute('ispermalink')?.trim().toLowerCase() === 'false' ? null : guid;
  const link = children.all('link').find((child) => child.textContent.trim());
  const contentEncoded = children.all('encoded').find((child) => child.namespace === 'content' || child.namespaceUri === CONTENT_NAMESPACE);
  return {
    guid,
    url: absoluteHttpUrl(link?.textContentAsUrl) ?? absoluteHttpUrl(permalink),
    publishedAt: firstDate(children, ['pubdate', 'date']), // dc:date in RSS 1.0
    updatedAt: firstDate(children, ['updated', 'modified']), // atom:updated, dc:modified
    summary: elementHtml(children.first('description')),
    contentHtml: elementHtml(contentEncoded),
  };
}

function atomFields(children: Children): Omit<ParsedEntry, keyof SharedFields> {
  const links = children.all('link');
  const alternate =
    links.find((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links.find((link) => link.getAttribute('href'));
  return {
    guid: nonEmpty(atomChild(children, 'id')?.textContent.trim()),
    url: absoluteHttpUrl(alternate?.getAttributeAsUrl('href')),
    publishedAt: firstDate(children, ['published', 'issued']), // issued: Atom 0.3
    updatedAt: firstDate(children, ['updated', 'modified']),
    summary: textConstructHtml(atomChild(children, 'summary')),
    contentHtml: textConstructHtml(atomChild(children, 'content')),
  };
}

/** The Atom child of that name, not a same-named one from another namespace (`media:content`). */
function atomChild(children: Children, name: string): Element | undefined {
  const candidates = children.all(name);
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

function firstDate(children: Children, names: string[]): Date | null {
  for (const name of names) {
    const date = parseFeedDate(children.first(name)?.textContent);
    if (date) return date;
  }
  return null;
}

function authorNames(authors: FeedAuthor[]): string | null {
  const names = authors.map((author) => nonEmpty(author.name) ?? nonEmpty(author.email)).filter((name) => name !== null);
  return nonEmpty([...new Set(names)].join(', '));
}

/** The item's own categories: the library falls back to the channel's, which would tag every entry alike. */
function ownCategories(item: FeedItem, children: Children): string[] {
  if (!children.has('category', 'subject')) return [];
  const labels = item.categories.map((category) => (category.label ?? category.term).trim()).filter(Boolean);
  return [...new Set(labels)];
}

function nonEmpty(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
