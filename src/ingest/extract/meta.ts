import { cleanLine, distinct } from './text';

/** The page's `<meta>` values by lower-cased property / name / itemprop / http-equiv, in document order. */
class MetaIndex {
  private readonly values = new Map<string, string[]>();

  constructor(doc: Document) {
    for (const meta of Array.from(doc.querySelectorAll('meta'))) {
      const content = meta.getAttribute('content');
      if (content === null) continue;
      for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
        // A property attribute may carry several RDFa terms ("og:title twitter:title").
        for (const key of (meta.getAttribute(attribute) ?? '').toLowerCase().split(/\s+/)) {
          if (key) this.values.set(key, [...(this.values.get(key) ?? []), content]);
        }
      }
    }
  }

  /** The first non-empty value of the first key that has one. */
  first(...keys: string[]): string | null {
    for (const key of keys) {
      for (const value of this.values.get(key) ?? []) {
        const text = cleanLine(value);
        if (text) return text;
      }
    }
    return null;
  }

  /** Every non-empty value of these keys, deduplicated. */
  all(...keys: string[]): string[] {
    return distinct(keys.flatMap((key) => this.values.get(key) ?? []).map(cleanLine));
  }
}

/** The metadata a page states outside JSON-LD: OpenGraph, `article:`, Dublin Core, `<time>`, `<html lang>`, canonical. */
export interface PageMeta {
  title: string | null;
  published: string | null;
  modified: string | null;
  author: string | null;
  section: string | null;
  tags: string[];
  language: string | null;
  image: string | null;
  description: string | null;
  canonical: string | null;
  siteName: string | null;
  /** Where the page says the story originally came from (a name or URL). */
  originalSource: string | null;
}

/** The attribute of the first element matching the first selector that matches anything. */
function attr(doc: Document, selectors: string[], name: string): string | null {
  for (const selector of selectors) {
    const value = cleanLine(doc.querySelector(selector)?.getAttribute(name) ?? null);
    if (value) return value;
  }
  return null;
}

/** Where a page's own publication time sits when its metadata does not say it: most specific place first. */
const TIME_SELECTORS = ['time[datetime][pubdate]', 'article header time[datetime]', 'article time[datetime]', 'main time[datetime]', 'time[datetime]'];

/** Letters and digits only, lower-cased: "Sportsnet.ca" and "sportsnet" compare equal after dropping the TLD. */
function bare(name: string): string {
  return name.toLowerCase().replace(/\.(?:com|net|org|co\.uk|ca|de|fr|info)$/, '').replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The title without the site's name appended to it ("Headline | TheHill", "Headline - IGN"), when what
 * follows the last separator is the site's name or its host's.
 */
export function withoutSiteName(title: string | null, siteNames: string[]): string | null {
  if (title === null) return null;
  const match = /^(.{8,}?)\s+[|–—·•:-]\s+([^|–—·•]{2,40})$/u.exec(title);
  if (match === null) return title;
  const suffix = bare(match[2]);
  return siteNames.some((name) => bare(name) === suffix) ? match[1].trim() : title;
}

/** The `<title>`, or the page's `<h1>` when the title is that heading plus a suffix (the site's name). */
function documentTitle(doc: Document): string | null {
  const title = cleanLine(doc.querySelector('title')?.textContent ?? null);
  if (title === null) return null;
  const headings = Array.from(doc.querySelectorAll('h1')).map((h1) => cleanLine(h1.textContent)).filter((h): h is string => h !== null);
  return headings.find((heading) => title.startsWith(heading) && heading.length >= title.length / 2) ?? title;
}

/** Reads the page's non-JSON-LD metadata, each field from its most specific source first. */
export function readMeta(doc: Document): PageMeta {
  const meta = new MetaIndex(doc);
  const siteName = meta.first('og:site_name', 'application-name');
  const keywords = meta.all('keywords', 'news_keywords').flatMap((value) => value.split(','));
  return {
    title: meta.first('og:title', 'twitter:title', 'dc.title', 'headline') ?? documentTitle(doc),
    published:
      meta.first('article:published_time', 'og:article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate',
        'publish-date', 'publish_date', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.created', 'article.published',
        'sailthru.date', 'parsely-pub-date', 'og:published_time') ??
      attr(doc, ['[itemprop~="datePublished"][datetime]'], 'datetime') ??
      attr(doc, ['[itemprop~="datePublished"][content]'], 'content') ??
      attr(doc, TIME_SELECTORS, 'datetime'),
    modified: meta.first('article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified', 'article.updated'),
    author: meta.first('author', 'article:author', 'dc.creator', 'byl', 'sailthru.author', 'parsely-author'),
    section: meta.first('article:section', 'section', 'category', 'parsely-section', 'sailthru.section'),
    tags: distinct([...meta.all('article:tag', 'og:article:tag'), ...keywords.map(cleanLine)]),
    language: meta.first('og:locale', 'content-language', 'language', 'dc.language') ?? attr(doc, ['html[lang]'], 'lang'),
    image: meta.first('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src', 'thumbnail') ?? attr(doc, ['link[rel~="image_src"]'], 'href'),
    description: meta.first('description', 'og:description', 'twitter:description', 'dc.description'),
    canonical: attr(doc, ['link[rel~="canonical" i][href]'], 'href'),
    siteName,
    originalSource: meta.first('original-source', 'syndication-source'),
  };
}
