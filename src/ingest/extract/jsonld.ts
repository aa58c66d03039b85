import { canonicalUrl } from '../../domain/canonical-url';
import { cleanLine, distinct } from './text';
import { wellFormedJson } from '../parsers/json-text';

/** What an article's schema.org JSON-LD says about it, as plain strings. */
export interface JsonLdArticle {
  headline: string | null;
  datePublished: string | null;
  dateModified: string | null;
  authors: string[];
  section: string | null;
  keywords: string[];
  language: string | null;
  image: string | null;
  /** Plain text or HTML, as the page gives it. */
  articleBody: string | null;
  description: string | null;
  publisher: string | null;
  /** The organization or work the article is based on (isBasedOn, sourceOrganization), by name or URL. */
  basedOn: string | null;
}

type Node = Record<string, unknown>;

/** schema.org types of an article (https://schema.org/Article and its news and blog subtypes). */
const ARTICLE_TYPES = new Set([
  'article', 'newsarticle', 'blogposting', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle',
  'reviewnewsarticle', 'backgroundnewsarticle', 'askpublicnewsarticle', 'satiricalarticle', 'techarticle',
  'scholarlyarticle', 'report', 'liveblogposting', 'posting', 'socialmediaposting',
]);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** "NewsArticle", "schema:NewsArticle" and "https://schema.org/NewsArticle" are the same type. */
function types(node: Node): string[] {
  return asArray(node['@type']).filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, '').toLowerCase());
}

/** Parses one script's JSON, forgiving the HTML comments, CDATA markers and raw newlines some CMSs leave in. */
function parseScript(text: string): unknown {
  const trimmed = text.replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '').replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '').trim();
  try {
    return wellFormedJson(JSON.parse(trimmed), trimmed);
  } catch {
    try {
      // Raw line breaks inside strings are the most common defect; outside strings they are whitespace anyway.
      return wellFormedJson(JSON.parse(trimmed.replace(/[\r\n\t]+/g, ' ')), trimmed);
    } catch {
      return null;
    }
  }
}

/** Every object in the JSON-LD blocks, including those nested in arrays, @graph and properties. */
function allNodes(doc: Document): Node[] {
  const nodes: Node[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(value)) value.forEach((item) => visit(item, depth + 1));
    else if (isNode(value)) {
      nodes.push(value);
      for (const [key, child] of Object.entries(value)) if (key !== '@context') visit(child, depth + 1);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type]'))) {
    if (/^\s*application\/ld\+json\b/i.test(script.getAttribute('type') ?? '')) visit(parseScript(script.textContent ?? ''), 0);
  }
  return nodes;
}

/** The name of a person, organization or thing given as a string, an object or an @id reference. */
function nameOf(value: unknown, byId: Map<string, Node>): string | null {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? null : cleanLine(value);
  if (!isNode(value)) return null;
  const node = typeof value['@id'] === 'string' && value.name === undefined ? byId.get(value['@id']) ?? value : value;
  return cleanLine(node.name) ?? cleanLine(node.legalName) ?? cleanLine(node.alternateName);
}

function firstString(value: unknown): string | null {
  for (const item of asArray(value)) {
    const text = cleanLine(item);
    if (text) return text;
  }
  return null;
}

/** An image given as a URL string, an ImageObject, or an array of either. */
function imageUrl(value: unknown): string | null {
  for (const item of asArray(value)) {
    if (typeof item === 'string' && item.trim()) return item.trim();
    if (isNode(item)) {
      const url = firstString(item.url) ?? firstString(item.contentUrl);
      if (url) return url;
    }
  }
  return null;
}

function keywordsOf(value: unknown): string[] {
  return distinct(asArray(value).flatMap((item) => (typeof item === 'string' ? item.split(',') : [])).map(cleanLine));
}

function languageOf(value: unknown): string | null {
  const first = asArray(value)[0];
  return isNode(first) ? firstString(first.alternateName) ?? firstString(first.name) : firstString(first);
}

/** The URL of a reference given as a string or an object with url/@id. */
function urlOf(value: unknown): string | null {
  for (const item of asArray(value)) {
    if (typeof item === 'string') return item;
    if (isNode(item)) return firstString(item.url) ?? (typeof item['@id'] === 'string' ? item['@id'] : null);
  }
  return null;
}

/** The URLs an article node says it lives at, canonicalized (unparsable ones dropped). */
function addressesOf(node: Node, pageUrl: string): string[] {
  const raw = [urlOf(node.url), urlOf(node.mainEntityOfPage), typeof node['@id'] === 'string' ? node['@id'] : null];
  return raw.flatMap((value) => {
    try {
      return value ? [canonicalUrl(value, pageUrl)] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The article node that describes this page: one that names the page's URL, else the one with the most
 * body text, else the first with a headline (pages also describe related articles).
 */
function pickArticle(nodes: Node[], pageUrls: string[]): Node | null {
  const articles = nodes.filter((node) => types(node).some((t) => ARTICLE_TYPES.has(t)));
  const isThisPage = (node: Node) => addressesOf(node, pageUrls[0]).some((address) => pageUrls.includes(address));
  const bodyLength = (node: Node) => (typeof node.articleBody === 'string' ? node.articleBody.length : 0);
  const hasHeadline = (node: Node) => typeof node.headline === 'string' || typeof node.name === 'string';
  const rank = (a: Node, b: Node) =>
    Number(isThisPage(b)) - Number(isThisPage(a)) || bodyLength(b) - bodyLength(a) || Number(hasHeadline(b)) - Number(hasHeadline(a));
  return [...articles].sort(rank)[0] ?? null;
}

/**
 * Reads the schema.org Article (or subtype) the page describes in its JSON-LD, or null when it has none.
 * `pageUrls` are the page's canonical URLs (its own and its canonical link's), the first the base for the rest.
 */
export function readJsonLd(doc: Document, pageUrls: string[]): JsonLdArticle | null {
  const nodes = allNodes(doc);
  const article = pickArticle(nodes, pageUrls);
  if (article === null) return null;
  const byId = new Map<string, Node>();
  for (const node of nodes) if (typeof node['@id'] === 'string' && Object.keys(node).length > 1) byId.set(node['@id'], node);
  const basedOn = [...asArray(article.isBasedOn), ...asArray(article.isBasedOnUrl), ...asArray(article.sourceOrganization)];
  return {
    headline: firstString(article.headline) ?? firstString(article.name),
    datePublished: firstString(article.datePublished) ?? firstString(article.dateCreated),
    dateModified: firstString(article.dateModified),
    authors: distinct(asArray(article.author).map((author) => nameOf(author, byId))),
    section: firstString(article.articleSection),
    keywords: keywordsOf(article.keywords),
    language: languageOf(article.inLanguage),
    image: imageUrl(article.image) ?? imageUrl(article.thumbnailUrl),
    articleBody: typeof article.articleBody === 'string' && article.articleBody.trim() ? article.articleBody : null,
    description: firstString(article.description),
    publisher: asArray(article.publisher).map((p) => nameOf(p, byId)).find((name) => name) ?? null,
    basedOn: basedOn.map((source) => nameOf(source, byId) ?? urlOf(source)).find((name) => name) ?? null,
  };
}
