import { absoluteHttpUrl } from '../../domain/web-url';
import { escapeHtml } from '../../domain/html-escape';
import { scanProlog } from './xml-prolog';

const XML_BASE = /(\sxml:base\s*=\s*)(["'])([^"']*)\2/;

/**
 * Prepares decoded feed XML for the feed library:
 * - drops the DOCTYPE, so no DTD is read: external entities are never resolved and entities defined in the
 *   internal subset stay unexpanded, whatever fast-xml-parser's own limits are (HTML entities such as `&nbsp;`
 *   are still decoded by the library);
 * - sets `xml:base` on the root element to the feed URL (resolving a relative one against it), because the
 *   library only resolves relative URLs against an absolute xml:base and has no other way to be given one.
 */
export function prepareXml(text: string, feedUrl: string): string {
  const { doctype, root } = scanProlog(text);
  if (!root) return text;
  const rootTag = text.slice(root.start, root.end);
  const prolog = doctype ? text.slice(0, doctype.start) + text.slice(doctype.end, root.start) : text.slice(0, root.start);
  return prolog + withAbsoluteBase(rootTag, root.name, feedUrl) + text.slice(root.end);
}

function withAbsoluteBase(rootTag: string, rootName: string, feedUrl: string): string {
  const declared = XML_BASE.exec(rootTag);
  const base = absoluteHttpUrl(declared?.[3], feedUrl) ?? absoluteHttpUrl(feedUrl);
  if (!base) return rootTag;
  const value = `"${escapeHtml(base)}"`;
  if (declared) return rootTag.replace(XML_BASE, (_, before: string) => before + value);
  const nameEnd = 1 + rootName.length;
  return `${rootTag.slice(0, nameEnd)} xml:base=${value}${rootTag.slice(nameEnd)}`;
}
