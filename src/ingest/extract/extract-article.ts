import { JSDOM, VirtualConsole } from 'jsdom';
import { canonicalUrl } from '../../domain/canonical-url';
import { countWords } from '../../domain/reading';
import type { ExtractedArticle } from '../types';
import { summarize } from '../sanitize';
import { detectAttribution } from './attribution';
import { extractBody } from './body';
import { parseDate } from './dates';
import { readJsonLd } from './jsonld';
import { readMeta } from './meta';
import { absoluteHttpUrl, distinct, languageTag } from './text';

/** "By Jane Doe" -> "Jane Doe": bylines sometimes arrive with their lead-in. */
function authorName(value: string | null): string | null {
  const name = value?.replace(/^by\s+/i, '').trim();
  return name && !/^https?:\/\//i.test(name) ? name : null;
}

/** The page's canonical link as a canonical URL, else the page URL's. */
function articleUrl(canonical: string | null, pageUrl: string): string {
  if (canonical) {
    try {
      return canonicalUrl(canonical, pageUrl);
    } catch {
      // A canonical link that is not http(s) says nothing usable; the page URL stands.
    }
  }
  return canonicalUrl(pageUrl);
}

/**
 * Reads an article from an HTML page: metadata from schema.org JSON-LD first, then OpenGraph and other
 * `<meta>`, then the document itself; the body by readability, sanitized, with URLs made absolute against
 * the page URL. Pure: no network, no clock. Throws InvalidUrlError when `pageUrl` is not an http(s) URL.
 */
export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  const fallbackUrl = canonicalUrl(pageUrl);
  // No scripts run and no resources load (jsdom's defaults); a silent console drops its CSS parse warnings.
  const dom = new JSDOM(html, { url: fallbackUrl, virtualConsole: new VirtualConsole() });
  try {
    const doc = dom.window.document;
    const ld = readJsonLd(doc);
    const meta = readMeta(doc);
    const url = articleUrl(meta.canonical, fallbackUrl);
    // Metadata is read first: readability rewrites the document it works on.
    const section = ld?.section ?? meta.section;
    const body = extractBody(doc, url, { section, jsonLdBody: ld?.articleBody ?? null });
    const description = ld?.description ?? meta.description;
    return {
      url,
      title: ld?.headline ?? meta.title,
      publishedAt: parseDate(ld?.datePublished) ?? parseDate(meta.published),
      updatedAt: parseDate(ld?.dateModified) ?? parseDate(meta.modified),
      author: ld?.authors.length ? ld.authors.map(authorName).filter(Boolean).join(', ') || null : authorName(meta.author),
      category: section,
      tags: distinct([...(ld?.keywords.length ? ld.keywords : meta.tags)]),
      language: languageTag(ld?.language) ?? languageTag(meta.language),
      imageUrl: absoluteHttpUrl(ld?.image, url) ?? absoluteHttpUrl(meta.image, url),
      attribution: detectAttribution({
        bodyText: body.creditText,
        statedSource: ld?.basedOn ?? meta.originalSource,
        ownNames: [ld?.publisher, meta.siteName].filter((name): name is string => Boolean(name)),
        pageUrl: url,
      }),
      body: body.html,
      bodyText: body.text,
      summary: description ? summarize(description) : body.text ? summarize(body.text) : null,
      wordCount: body.text ? countWords(body.text) : 0,
    };
  } finally {
    dom.window.close();
  }
}
