import { createHash } from 'node:crypto';
import type { ArticleWrite } from '../db/repositories/ingest.repository';
import { contentHash } from '../domain/content-hash';
import { countWords } from '../domain/reading';
import { detectAttribution } from './extract/attribution';
import { cleanLine } from './extract/text';
import { htmlToText, sanitizeHtml, summarize } from './sanitize';
import type { ParsedEntry } from './types';
import { cutText } from '../domain/cut-text';

/** What deriving the articles of one feed's entries needs besides each entry and its canonical URL. */
export interface EntryContext {
  /** The feed's language, else the source's. */
  language: string | null;
  /** The source's own names (its name and the feed's title): a credit to one of them is no attribution. */
  ownNames: string[];
  /** Dates entries that state no date. */
  now: Date;
}

/** An entry to derive an article from: the entry, with its canonical URL. */
export interface EntryToDerive {
  entry: ParsedEntry;
  url: string;
}

/**
 * Changes whenever what is derived from an entry changes (a new rule for sanitizing, text, summary,
 * attribution or words, or a library upgrade that changes their output), so that stored articles are derived
 * again from their entries rather than kept.
 */
const DERIVATION_VERSION = 3;

/**
 * The fingerprint of everything an article derived from a feed entry depends on: the entry, its canonical URL,
 * the feed's language and the source's own names, and DERIVATION_VERSION. The same fingerprint stored with an
 * article means deriving it again would give what is stored.
 */
export function entryHash(entry: ParsedEntry, url: string, language: string | null, ownNames: string[]): string {
  const hash = createHash('sha256').update(`v${DERIVATION_VERSION}`);
  // Each input as its kind and length, then its text: no two different lists of inputs read the same. (Not
  // JSON of the whole: copying and escaping the entry's HTML cost as much as hashing it several times.)
  const add = (value: string | null) => (value === null ? hash.update('-') : hash.update(`+${value.length}:`).update(value));
  for (const value of [url, language, JSON.stringify(ownNames), entry.title, entry.contentHtml, entry.summary, entry.author, entry.baseUrl ?? null]) add(value);
  for (const value of [JSON.stringify(entry.categories), entry.imageUrl, entry.publishedAt?.toISOString() ?? null, entry.updatedAt?.toISOString() ?? null]) add(value);
  return hash.digest('hex');
}

/** An entry's article, and the fingerprint stored with it. */
export interface DerivedEntry {
  article: ArticleWrite;
  entryHash: string;
}

/** The article of an entry with content, and its fingerprint (entryHash). */
export function deriveEntry(toDerive: EntryToDerive, context: EntryContext): DerivedEntry {
  return { article: entryArticle(toDerive, context), entryHash: entryHash(toDerive.entry, toDerive.url, context.language, context.ownNames) };
}

/**
 * The article built from an entry's own content (content:encoded, Atom content, content_html): sanitized body,
 * its text, title, summary, attribution, word count and content hash. Pure, and imports only what it needs, so
 * that the threads deriving a large feed's articles (derive-pool.ts) load little.
 */
export function entryArticle({ entry, url }: EntryToDerive, { language, ownNames, now }: EntryContext): ArticleWrite {
  // Relative links resolve against the xml:base the feed gives the entry's HTML, else against the entry itself.
  const base = entry.baseUrl ?? url;
  const body = sanitizeHtml(entry.contentHtml ?? '', base);
  const bodyText = htmlToText(body);
  const title = entryTitle(entry) ?? summarize(bodyText, 120);
  const summary = (entry.summary ? summaryOf(entry.summary, base) : null) ?? summarize(bodyText);
  return {
    url,
    title,
    summary,
    body,
    bodyText,
    author: entry.author,
    category: entry.categories[0] ?? null,
    tags: entry.categories.slice(0, 50),
    language,
    imageUrl: entry.imageUrl,
    publishedAt: publicationTime(now, entry.publishedAt, entry.updatedAt),
    updatedAt: entry.updatedAt,
    attribution: detectAttribution({ bodyText, pickedText: null, author: entry.author, statedSource: null, ownNames, pageUrl: url }),
    wordCount: countWords(bodyText),
    contentHash: contentHash({ title, bodyText, summary }),
  };
}

/** How far past the time of reading a stated publication time is still believed (clocks drift). */
export const FUTURE_TOLERANCE_MS = 15 * 60_000;

/**
 * When an entry (or page) was published: the first of the times it states (in the order given) that is not later
 * than `now` and a little, else `now`, when it was read. A time in the future (a zone written wrong, a post
 * scheduled ahead, a year-9999 placeholder) would hold the entry at the top of every newest-first list until then.
 * A news item keeps the time it was first stored with, so one dated `now` is not dated again by each refresh.
 */
export function publicationTime(now: Date, ...stated: (Date | null | undefined)[]): Date {
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  return stated.find((time): time is Date => time != null && time.getTime() <= latest) ?? now;
}

/** An entry's title as one line of text: feeds put markup and entities in titles. */
export function entryTitle(entry: ParsedEntry | null): string | null {
  const title = cleanLine(entry?.title);
  return title ? cutText(title, 1000) : null;
}

/** A feed summary (HTML) as a short plain-text summary; null when it holds no text. */
export function summaryOf(html: string, url: string): string | null {
  const text = htmlToText(sanitizeHtml(html, url));
  return text ? summarize(text) : null;
}
