import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
import type { Feed, FeedAuthor } from '@rowanmanning/feed-parser/lib/feed/base';
import type { FeedItem } from '@rowanmanning/feed-parser/lib/feed/item/base';
import { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { errorMessage } from '../../domain/errors';
import { absoluteHttpUrl } from '../../domain/web-url';
import { MAX_ATTRIBUTES } from '../extract/dom';
import { cleanLine } from '../extract/text';
import { ParsedEntry, ParsedFeed } from '../types';
import { parseFeedDate } from './feed-date';
import { FeedParseError } from './feed-parse-error';
import { prepareXml } from './prepare-xml';
import { constructHtml, markupHtml } from './text-construct';
import { innerXhtml } from './xhtml';

const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** The namespaces RSS's own elements are written in, when a feed puts them in one (RSS 0.90, 1.0, Userland's 2.0). */
const RSS_NAMESPACES = new Set([
  'http://purl.org/rss/1.0/',
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
  'http://my.netscape.com/rdf/simple/0.9/',
  'http://channel.netscape.com/rdf/simple/0.9/',
]);
const DC_NAMESPACES = new Set(['http://purl.org/dc/elements/1.1/', 'http://purl.org/dc/terms/']);

/**
 * Parses decoded RSS 0.9x/1.0/2.0 (and CDF), or Atom 0.3/1.0 text with @rowanmanning/feed-parser, URLs resolved
 * against the feed URL and xml:base. Authors, categories and images come from the library's item API; titles,
 * identifiers, links, dates and HTML are read from its XML tree, since the item API decodes entities a second
 * time (`&amp;lt;` in HTML becomes a tag, `&amp;region=` in a guid becomes `®ion=`), reads dates with
 * `new Date`, re-scans the whole channel for each item's link and knows neither Atom's base64 content nor the
 * elements older feeds carry their text in (xhtml:body, fullitem, itunes:summary).
 */
export function parseXmlFeed(text: string, feedUrl: string): ParsedFeed {
  const feed = parseTolerantly(prepareXml(text, feedUrl));
  // Each of the channel's own fields (title, link, language, authors, …) is looked up among its children, which
  // the library builds anew, every item included, for each lookup: they are built once.
  const channel = Children.of(feed.element);
  const isAtom = feed.meta.type === 'atom';
  const documentBase = absoluteHttpUrl(feedUrl);
  // An item without authors (or categories) falls back to the channel's, which the library reads anew, walking
  // every item of the channel, for each such item: reading them once makes a large feed linear instead of quadratic.
  Object.defineProperties(feed, { authors: { value: feed.authors }, categories: { value: feed.categories } });
  return {
    format: isAtom ? 'ATOM' : 'RSS',
    title: channelTitle(channel, isAtom) ?? nonEmpty(feed.title),
    homepageUrl: absoluteHttpUrl(feed.url, feedUrl),
    language: nonEmpty(feed.language),
    entries: feed.items.map((item) => {
      const children = Children.of(item.element);
      const fields = isAtom ? atomFields(children) : rssFields(item.element, children);
      return { ...fields.entry, ...sharedFields(item, children, isAtom), ...htmlBase(fields.htmlElement, documentBase) };
    }),
  };
}

/**
 * The channel's title as one line of text, read as its entries' titles are (entryTitle): the library's decodes
 * entities a second time and keeps markup as text (`&lt;b&gt;News&lt;/b&gt;` named a source "<b>News</b>").
 */
function channelTitle(channel: Children, isAtom: boolean): string | null {
  return cleanLine(isAtom ? constructHtml(atomChild(channel, 'title')) : markupHtml(ownChild(channel, 'title')));
}

/**
 * The feed the library reads from prepared XML. A feed cut off inside a tag (a truncated download, a
 * `</rss` without its `>`) is read up to that tag, as readers do; anything else the XML parser cannot read
 * is refused with what it reported.
 */
function parseTolerantly(xml: string): Feed {
  try {
    return parseWithLibrary(xml);
  } catch (error) {
    const lastTag = xml.lastIndexOf('<');
    if (lastTag > 0 && xml.indexOf('>', lastTag) === -1) {
      try {
        return parseWithLibrary(xml.slice(0, lastTag));
      } catch {
        // Refused for what the whole document holds, below.
      }
    }
    throw new FeedParseError(`expected a well-formed RSS or Atom document; the XML parser reported: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/**
 * The xml:base an entry's HTML states, which its relative links resolve against (RFC 3986 §5.1.1), when it is
 * not the feed's URL: else the harvest resolves them against the entry's link, as before.
 */
function htmlBase(element: Element | undefined, documentBase: string | null): Pick<ParsedEntry, 'baseUrl'> {
  const base = element ? absoluteHttpUrl(element.baseUrl) : null;
  return base && base !== documentBase ? { baseUrl: base } : {};
}

const libraryGetter = (name: string) => Object.getOwnPropertyDescriptor(Element.prototype, name)?.get;
/** The library's own readings of an element's attributes and namespaces, which it makes anew on every read. */
const readAttributes = libraryGetter('attributes');
const readNamespaces = libraryGetter('namespaceDeclarations');
/** Where an element keeps what it read (symbols: no name of the library's can clash). */
const ATTRIBUTES = Symbol('attributes');
const NAMESPACES = Symbol('namespaces');
type Reading = Element & { [ATTRIBUTES]?: Record<string, string>; [NAMESPACES]?: Record<string | symbol, string> };

/**
 * Every element reads its attributes and namespace declarations once, on first use, and an element of more than
 * MAX_ATTRIBUTES attributes is refused (as a page's are). The library converts every attribute anew for each read
 * (each getAttribute, base URL and namespace lookup), and copies every namespace declared above an element into
 * each element's own: 400,000 declarations on <rss> held the reader 15 s, 100,000 and 2,000 items that each declare
 * one ran out of memory after 2 minutes, and an item's element of 700,000 attributes took 8 s. An element that
 * declares no namespace shares its parent's declarations. Same answers as the library's getters, which these
 * replace for the process (on the prototype: setting them on each element cost half again the time of reading a
 * large feed); an element whose attributes nothing asks for costs nothing and is not refused.
 */
if (readAttributes && readNamespaces) {
  Object.defineProperties(Element.prototype, {
    attributes: {
      configurable: true,
      get(this: Reading) {
        let attributes = this[ATTRIBUTES];
        if (!attributes) {
          attributes = readAttributes.call(this) as Record<string, string>;
          const count = Object.keys(attributes).length;
          if (count > MAX_ATTRIBUTES) {
            throw new FeedParseError(`expected a feed whose elements have at most ${MAX_ATTRIBUTES} attributes each; <${this.name}> has more`);
          }
          // Most elements have none, which the library answers at once: only those that have some are kept.
          if (count > 0) this[ATTRIBUTES] = attributes;
        }
        return attributes;
      },
    },
    namespaceDeclarations: {
      configurable: true,
      get(this: Reading) {
        let namespaces = this[NAMESPACES];
        if (!namespaces) {
          const declares = Object.keys(this.attributes).some((name) => name === 'xmlns' || name.startsWith('xmlns:'));
          namespaces = this.parent && !declares ? this.parent.namespaceDeclarations : (readNamespaces.call(this) as Record<string | symbol, string>);
          this[NAMESPACES] = namespaces;
        }
        return namespaces;
      },
    },
  });
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
   * answered from them for the library's API (authors, categories, image, the channel's fields, its items) and our
   * reading, which otherwise rebuild them for every lookup.
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
    // As HTML: an Atom text construct by its type, an RSS title as the HTML it often is (`AT&amp;amp;T`, `&lt;b&gt;`).
    title: isAtom ? constructHtml(atomChild(children, 'title')) : markupHtml(ownChild(children, 'title')),
    author: authorNames(item.authors),
    categories: ownCategories(item, children),
    // An enclosure or Media RSS image, a media thumbnail, or itunes:image.
    imageUrl: isAtom || children.has(...RSS_IMAGE_ELEMENTS) ? absoluteHttpUrl(item.image?.url) : null,
  };
}

/** An entry's own fields, and the element its HTML comes from (whose xml:base its links resolve against). */
interface EntryFields {
  entry: Omit<ParsedEntry, keyof SharedFields | 'baseUrl'>;
  htmlElement: Element | undefined;
}

function rssFields(element: Element, children: Children): EntryFields {
  const guidElement = children.first('guid');
  const guid = nonEmpty(guidElement?.textContent.trim()) ?? element.getAttribute('rdf:about');
  // RSS 2.0: a guid is the item's permalink unless it says isPermaLink="false".
  const permalink = guidElement?.getAttribute('ispermalink')?.trim().toLowerCase() === 'false' ? null : guid;
  const link = children.all('link').find((child) => child.textContent.trim());
  const summaryElement = ownChild(children, 'description') ?? firstOf(children, ['summary', 'abstract']); // itunes:summary, CDF
  const content = rssContent(children);
  return {
    entry: {
      guid,
      // A CDF item names its page in its HREF attribute.
      url: absoluteHttpUrl(link?.textContentAsUrl) ?? absoluteHttpUrl(element.getAttributeAsUrl('href')) ?? absoluteHttpUrl(permalink),
      // dc:date in RSS 1.0, dcterms:issued and dcterms:created
      publishedAt: firstDate(children, ['pubdate', 'date', 'issued', 'created']),
      // atom:updated, dc:modified, and CDF's LASTMOD attribute
      updatedAt: firstDate(children, ['updated', 'modified']) ?? parseFeedDate(element.getAttribute('lastmod')),
      summary: markupHtml(summaryElement),
      contentHtml: content.html,
    },
    htmlElement: content.element ?? summaryElement,
  };
}

/** An RSS item's full content: content:encoded, else an inline xhtml:body, else Netscape's escaped <fullitem>. */
function rssContent(children: Children): { html: string | null; element: Element | undefined } {
  const encoded = children.all('encoded').find((child) => child.namespace === 'content' || child.namespaceUri === CONTENT_NAMESPACE);
  if (encoded) return { html: markupHtml(encoded), element: encoded };
  const body = children.all('body').find((child) => child.namespace === 'xhtml' || child.namespaceUri === XHTML_NAMESPACE);
  if (body) return { html: nonEmpty(innerXhtml(body)), element: body };
  const fullItem = children.first('fullitem');
  return { html: markupHtml(fullItem), element: fullItem };
}

function atomFields(children: Children): EntryFields {
  const links = children.all('link');
  const alternates = links.filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate');
  // A link without href states its URL as text (RSS habit in Atom feeds): read it too, alternate links first.
  const url =
    firstUrl(alternates, linkUrl) ?? firstUrl(links, (link) => link.getAttributeAsUrl('href')) ?? firstUrl(links, linkUrl);
  const summary = atomChild(children, 'summary');
  const content = atomChild(children, 'content');
  return {
    entry: {
      guid: nonEmpty(atomChild(children, 'id')?.textContent.trim()),
      url,
      publishedAt: firstDate(children, ['published', 'issued', 'created']), // issued, created: Atom 0.3
      updatedAt: firstDate(children, ['updated', 'modified']),
      summary: constructHtml(summary),
      contentHtml: constructHtml(content),
    },
    htmlElement: content ?? summary,
  };
}

/** An Atom link's URL: its href, else the URL it states as text. */
function linkUrl(link: Element): string | null {
  const text = link.textContent.trim();
  return link.getAttributeAsUrl('href') ?? (text ? link.resolveUrl(text) : null);
}

function firstUrl(links: Element[], urlOf: (link: Element) => string | null): string | null {
  for (const link of links) {
    const url = absoluteHttpUrl(urlOf(link));
    if (url) return url;
  }
  return null;
}

/**
 * The item's own child of that name, not an extension's that shares its local name (`media:title`,
 * `szf:description`): unprefixed or in an RSS namespace, else Dublin Core's (`dc:title`), else any.
 */
function ownChild(children: Children, name: string): Element | undefined {
  const candidates = children.all(name);
  if (candidates.length <= 1) return candidates[0];
  return (
    candidates.find((child) => typeof child.namespace === 'symbol' || RSS_NAMESPACES.has(child.namespaceUri ?? '')) ??
    candidates.find((child) => DC_NAMESPACES.has(child.namespaceUri ?? '')) ??
    candidates[0]
  );
}

function firstOf(children: Children, names: string[]): Element | undefined {
  for (const name of names) {
    const child = children.first(name);
    if (child) return child;
  }
  return undefined;
}

/** The Atom child of that name, not a same-named one from another namespace (`media:content`). */
function atomChild(children: Children, name: string): Element | undefined {
  const candidates = children.all(name);
  return (
    candidates.find((child) => ATOM_NAMESPACES.has(child.namespaceUri ?? '')) ??
    candidates.find((child) => typeof child.namespace === 'symbol') // no prefix, in a feed without xmlns
  );
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
