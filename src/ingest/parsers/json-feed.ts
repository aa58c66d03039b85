import { absoluteHttpUrl } from '../../domain/web-url';
import { ParsedEntry, ParsedFeed } from '../types';
import { parseFeedDate } from './feed-date';
import { FeedParseError } from './feed-parse-error';
import { escapeHtml } from '../../domain/html-escape';
import { cleanLine } from '../extract/text';
import { isSafeNumber, parse as parseLosslessly } from 'lossless-json';
import { wellFormedJson } from './json-text';
import { cutText } from '../../domain/cut-text';

type JsonObject = Record<string, unknown>;

// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) name their version by URL.
const VERSION_URL = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

/** Parses JSON Feed 1.0/1.1 text per https://jsonfeed.org/version/1.1, URLs resolved against the feed URL. */
export function parseJsonFeed(text: string, feedUrl: string): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`expected a JSON Feed; the document is not JSON (${(error as Error).message})`, { cause: error });
  }
  if (UNSAFE_ID.test(text)) document = withExactNumbers(text) ?? document;
  document = wellFormedJson(document, text);
  if (!isObject(document)) throw new FeedParseError(`expected a JSON Feed object; got ${describe(document)}`);
  if (typeof document.version !== 'string' || !VERSION_URL.test(document.version)) {
    throw new FeedParseError(
      `expected a JSON Feed "version" of https://jsonfeed.org/version/1 or /1.1; got ${describe(document.version)}`,
    );
  }
  if (!Array.isArray(document.items)) {
    throw new FeedParseError(`expected a JSON Feed "items" array; got ${describe(document.items)}`);
  }
  const feedAuthor = authorNames(document);
  return {
    format: 'JSON_FEED',
    // Plain text (JSON Feed 1.1), as one clean line: the same as an RSS or Atom feed's title comes out.
    title: cleanLine(escapedText(string(document.title))),
    homepageUrl: absoluteHttpUrl(string(document.home_page_url), feedUrl),
    language: string(document.language),
    // Items that are not objects carry nothing to read; the rest of the feed is still good.
    entries: document.items.filter(isObject).map((item) => jsonEntry(item, feedUrl, feedAuthor)),
  };
}

/**
 * An `"id"` whose number has 16 digits or more: JSON.parse would round it to the nearest double (above 2^53,
 * 9007199254740993 reads as 9007199254740992), and two entries of the feed would then share one guid, the second
 * taken for an edit of the first. Such ids (a database's 64-bit keys, snowflake ids) are read as written.
 */
const UNSAFE_ID = /"id"\s*:\s*-?\d{16}/;

/** The document with every number JSON.parse would not keep exactly as its digits (a string); null if it cannot. */
function withExactNumbers(text: string): unknown {
  try {
    return parseLosslessly(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
  } catch {
    // lossless-json refuses what JSON.parse takes (a key twice with different values): keep JSON.parse's reading.
    return null;
  }
}

/** Plain text as HTML. */
function escapedText(text: string | null): string | null {
  return text === null ? null : escapeHtml(text);
}

function jsonEntry(item: JsonObject, feedUrl: string, feedAuthor: string | null): ParsedEntry {
  const contentText = string(item.content_text);
  const summary = string(item.summary);
  const imageAttachment = Array.isArray(item.attachments)
    ? item.attachments.filter(isObject).find((attachment) => string(attachment.mime_type)?.startsWith('image/'))
    : undefined;
  return {
    // The spec says id is a string, but publishers write numbers too (those past 2^53 come as their digits: UNSAFE_ID).
    guid: typeof item.id === 'number' ? String(item.id) : string(item.id),
    // title, summary and content_text are plain text (JSON Feed 1.1); the entry carries HTML.
    title: escapedText(string(item.title)),
    url: absoluteHttpUrl(string(item.url), feedUrl) ?? absoluteHttpUrl(string(item.external_url), feedUrl),
    publishedAt: parseFeedDate(string(item.date_published)),
    updatedAt: parseFeedDate(string(item.date_modified)),
    // An item without authors has the feed's (JSON Feed 1.1, "authors").
    author: authorNames(item) ?? feedAuthor,
    summary: escapedText(summary),
    contentHtml: string(item.content_html) ?? escapedText(contentText),
    categories: Array.isArray(item.tags) ? [...new Set(item.tags.map(string).filter((tag) => tag !== null))] : [],
    imageUrl:
      absoluteHttpUrl(string(item.image), feedUrl) ??
      absoluteHttpUrl(string(item.banner_image), feedUrl) ??
      absoluteHttpUrl(string(imageAttachment?.url), feedUrl),
  };
}

/** Names from `authors` (1.1), else `author` (1.0, deprecated in 1.1). */
function authorNames(owner: JsonObject): string | null {
  const authors = Array.isArray(owner.authors) ? owner.authors : [owner.author];
  const names = authors.filter(isObject).map((author) => string(author.name)).filter((name) => name !== null);
  return names.length ? [...new Set(names)].join(', ') : null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function string(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return cutText(JSON.stringify(value), 80);
  return 'an object';
}
