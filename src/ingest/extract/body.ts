import { Readability } from '@mozilla/readability';
import { htmlToText, sanitizeHtml } from '../sanitize';
import { removeBoilerplate } from './boilerplate';
import { removeMarkedChrome } from './chrome';

/** The article body: sanitized HTML with absolute URLs, and its text. */
export interface ExtractedBody {
  html: string | null;
  text: string | null;
}

/**
 * Extracts the article body from the page's document (which it modifies): readability picks the
 * content, the sanitizer makes it safe.
 */
export function extractBody(doc: Document, baseUrl: string, section: string | null, _jsonLdBody: string | null): ExtractedBody {
  removeMarkedChrome(doc);
  const article = new Readability<Element>(doc, { serializer: (node) => node as Element }).parse();
  const content = article?.content;
  if (!content) return { html: null, text: null };
  removeBoilerplate(content, section);
  const html = sanitizeHtml(content.innerHTML, baseUrl);
  const text = htmlToText(html);
  return text === '' ? { html: null, text: null } : { html, text };
}
