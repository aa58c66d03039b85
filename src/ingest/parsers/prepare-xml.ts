import { absoluteHttpUrl } from '../../domain/web-url';
import { escapeHtml } from '../../domain/html-escape';
import { expandEntities, plainEntities } from './dtd-entities';
import { scanProlog } from './xml-prolog';

const XML_BASE = /(\sxml:base\s*=\s*)(["'])([^"']*)\2/;
const CDF_BASE = /\sbase\s*=\s*(["'])([^"']*)\1/i;

/**
 * Prepares decoded feed XML for the feed library:
 * - drops the DOCTYPE, so the library reads no DTD whatever fast-xml-parser's own limits are: external
 *   entities are never resolved; the plain-text entities of the internal subset are expanded here, within a
 *   budget (dtd-entities.ts); HTML entities such as `&nbsp;` are still decoded by the library;
 * - sets `xml:base` on the root element to the feed URL (resolving a relative one against it), because the
 *   library only resolves relative URLs against an absolute xml:base and has no other way to be given one;
 * - wraps a CDF channel (Microsoft's Channel Definition Format, RSS's forerunner: `<CHANNEL HREF BASE>` with
 *   `<ITEM HREF LASTMOD>`s) in an `<rss>` element, so that the library reads its channel and items as RSS.
 */
export function prepareXml(text: string, feedUrl: string): string {
  const { doctype, root } = scanProlog(text);
  if (!root) return text;
  const rootTag = text.slice(root.start, root.end);
  const prolog = doctype ? text.slice(0, doctype.start) + text.slice(doctype.end, root.start) : text.slice(0, root.start);
  const content = doctype ? expandEntities(text.slice(root.end), plainEntities(text.slice(doctype.start, doctype.end))) : text.slice(root.end);
  if (root.name.toLowerCase() === 'channel') {
    const base = absoluteHttpUrl(CDF_BASE.exec(rootTag)?.[2], feedUrl) ?? absoluteHttpUrl(feedUrl);
    return `${prolog}<rss version="cdf"${base ? ` xml:base="${escapeHtml(base)}"` : ''}>${rootTag}${content}</rss>`;
  }
  return prolog + withAbsoluteBase(rootTag, root.name, feedUrl) + content;
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
