import type { Element } from '@rowanmanning/feed-parser/lib/xml/element';
import { decodeReferences, escapeHtml } from '../../domain/html-escape';

// HTML elements that have no end tag (HTML Living Standard §13.1.2).
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * The HTML of an element's content, re-serialized from the parsed XML tree. The library's own `innerHtml`
 * decodes entities after serializing, which turns escaped text such as `&lt;div&gt;` into live markup; here
 * text is decoded first (the references the XML parser leaves) and escaped again.
 */
export function innerXhtml(element: Element): string {
  return serializeChildren(element).trim();
}

function serializeChildren(element: Element): string {
  return element.children.map((child) => (typeof child === 'string' ? escapeHtml(decodeReferences(child)) : serializeElement(child))).join('');
}

function serializeElement(element: Element): string {
  const name = element.name;
  // Processing instructions and other non-elements come through as oddly named nodes; they are not content.
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return '';
  const attributes = Object.entries(element.attributes)
    .filter(([key]) => key !== 'xmlns' && !key.startsWith('xmlns:'))
    .map(([key, value]) => ` ${key}="${escapeHtml(decodeReferences(value))}"`)
    .join('');
  if (VOID_ELEMENTS.has(name)) return `<${name}${attributes}>`;
  return `<${name}${attributes}>${serializeChildren(element)}</${name}>`;
}
