import { parsePage } from './dom';
import { canonicalUrl, MAX_URL_LENGTH } from '../../domain/canonical-url';
import { countWords } from '../../domain/reading';
import { absoluteHttpUrl, sameSite } from '../../domain/web-url';
import type { ExtractedArticle } from '../types';
import { parseFeedDate } from '../parsers';
import { summarize } from '../sanitize';
import { detectAttribution } from './attribution';
import { extractBody } from './body';
import { readJsonLd } from './jsonld';
import { readMeta, withoutSiteName } from './meta';
import { ALL_RULES, type ExtractionRules } from './rules';
import { languageTag } from './text';

/** "By Jane Doe" -> "Jane Doe": bylines sometimes arrive with their lead-in. */
function authorName(value: string | null): string | null {
  const name = value?.replace(/^by\s+/i, '').trim();
  return name && !/^https?:\/\//i.test(name) ? name : null;
}

/** Names the site goes by: its stated names and its host's name ("www.thehill.com" -> "thehill"). */
function siteNames(url: string, stated: (string | null)[]): string[] {
  const host = new URL(url).hostname.replace(/^www\./, '');
  return [...stated.filter((name): name is string => name !== null), host, host.split('.')[0]];
}

/** The first image of the sanitized body, whose attributes sanitize-html always writes quoted and escaped. */
function firstImage(body: string | null): string | null {
  const src = body && /<img\b[^>]*?\ssrc="([^"]*)"/.exec(body)?.[1];
  return src ? src.replace(/&amp;/g, '&') : null;
}

/**
 * The page's canonical link as a canonical URL, else the page URL's. A canonical link to another site is not
 * believed: a page decides where its own site's article lives, not where another's does (one that names another
 * publisher's URL would store its text under that URL). Nor is one longer than Newsline stores.
 */
function articleUrl(canonical: string | null, pageUrl: string): string {
  if (canonical) {
    try {
      const url = canonicalUrl(canonical, pageUrl);
      if (url.length <= MAX_URL_LENGTH && sameSite(url, pageUrl)) return url;
    } catch {
      // A canonical link that is not http(s) says nothing usable; the page URL stands.
    }
  }
  return canonicalUrl(pageUrl);
}

/**
 * Reads an article from an HTML page: metadata from schema.org JSON-LD first, then OpenGraph and other
 * `<meta>`, then the document itself; the body by readability, sanitized, with URLs made absolute against
 * the page URL. Pure: no network, no clock. Throws InvalidUrlError when `pageUrl` is not an http(s) URL, and
 * PageRefusedError when the page nests deeper than a browser would build it, or holds too many elements, attributes
 * or runs of text (dom.ts gives the limits).
 * `rules` is for the benchmark, which switches rules off to measure them.
 */
export function extractArticle(html: string, pageUrl: string, rules: ExtractionRules = ALL_RULES): ExtractedArticle {
  const fallbackUrl = canonicalUrl(pageUrl);
  // No scripts run and no resources load: linkedom builds the tree and nothing else.
  // Relative URLs resolve as a browser resolves them: against the page (or its <base href>), not the canonical URL.
  const { doc, baseUrl: base } = parsePage(html, fallbackUrl);
  // Metadata is read first: body extraction rewrites the document it works on.
  const meta = readMeta(doc);
  const url = articleUrl(meta.canonical, fallbackUrl);
  const ld = readJsonLd(doc, [fallbackUrl, url]);
  const section = ld?.section ?? meta.section;
  const body = extractBody(doc, base, { section, jsonLdBody: ld?.articleBody ?? null }, rules);
  const description = ld?.description ?? meta.description;
  const author = ld?.authors.length ? ld.authors.map(authorName).filter(Boolean).join(', ') || null : authorName(meta.author);
  return {
    url,
    title: withoutSiteName(ld?.headline ?? meta.title, siteNames(url, [ld?.publisher ?? null, meta.siteName])),
    publishedAt: parseFeedDate(ld?.datePublished) ?? parseFeedDate(meta.published),
    updatedAt: parseFeedDate(ld?.dateModified) ?? parseFeedDate(meta.modified),
    author,
    category: section,
    tags: ld?.keywords.length ? ld.keywords : meta.tags,
    language: languageTag(ld?.language) ?? languageTag(meta.language),
    imageUrl: absoluteHttpUrl(ld?.image, base) ?? absoluteHttpUrl(meta.image, base) ?? firstImage(body.html),
    attribution: detectAttribution({
      bodyText: body.text,
      pickedText: body.pickedText,
      author,
      statedSource: ld?.basedOn ?? meta.originalSource,
      ownNames: [ld?.publisher, meta.siteName].filter((name): name is string => Boolean(name)),
      pageUrl: url,
    }),
    body: body.html,
    bodyText: body.text,
    summary: description ? summarize(description) : body.text ? summarize(body.text) : null,
    wordCount: body.text ? countWords(body.text) : 0,
  };
}
