import { isUtf8 } from 'node:buffer';
import type { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { escapeHtml } from '../../domain/html-escape';
import { innerXhtml } from './xhtml';

/**
 * What an Atom text or content construct says, as HTML (RFC 4287 §3.1 and §4.1.3, Atom 0.3 §3.1):
 * - text and text/* types: escaped text; html and text/html (or Atom 0.3 mode="escaped"): HTML as is;
 * - xhtml and XML media types: the inline markup, re-serialized;
 * - any other media type (§4.1.3.3), or Atom 0.3 mode="base64": base64, decoded to the HTML it holds when it
 *   decodes to text (an image or other binary content is no article HTML);
 * - out-of-line content (src, §4.1.3.2): nothing.
 */
export function constructHtml(element: Element | null | undefined): string | null {
  if (!element || element.getAttribute('src')) return null;
  const type = (element.getAttribute('type') ?? 'text').trim().toLowerCase();
  const mode = element.getAttribute('mode')?.trim().toLowerCase();
  if (mode === 'base64') return decodedHtml(element.textContent, type);
  if (mode === 'escaped') return markupHtml(element);
  if (type === 'xhtml' || isXmlType(type)) return nonEmpty(innerXhtml(element.findElementWithName('div') ?? element));
  if (type === 'html' || type === 'text/html') return markupHtml(element);
  // Plain text, escaped. The XML reader leaves character references and HTML's named entities (`&#146;`,
  // `&eacute;`) as written; the library's textContentNormalized decodes them, as a browser would.
  if (type === 'text' || type.startsWith('text/')) return nonEmpty(escapeHtml(element.textContentNormalized));
  return decodedHtml(element.textContent, type);
}

/** The HTML an element carries as escaped or CDATA text, or as child markup in feeds that embed it unescaped. */
export function markupHtml(element: Element | null | undefined): string | null {
  if (!element) return null;
  const hasMarkup = element.children.some((child) => typeof child !== 'string');
  return nonEmpty(hasMarkup ? innerXhtml(element) : element.textContent.trim());
}

function isXmlType(type: string): boolean {
  return type.endsWith('+xml') || type.endsWith('/xml');
}

/** Base64 content as HTML: escaped when its type is plain text, as is otherwise; null when it is not text. */
function decodedHtml(encoded: string, type: string): string | null {
  if (/^(image|audio|video|font)\//.test(type)) return null;
  const bytes = Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0 || !isUtf8(bytes) || bytes.includes(0)) return null;
  const text = bytes.toString('utf8').trim();
  return nonEmpty(type === 'text' || type === 'text/plain' ? escapeHtml(text) : text);
}

function nonEmpty(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
