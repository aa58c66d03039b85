/**
 * Scores Newsline's feed reader against feedparser's own expectations (tests/corpora/feedparser): each file
 * is read as `newsline extract` reads it (readDocument, then the harvest), and each expectation of its
 * `Expect:` line is translated to the Newsline field it is about and checked there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { harvestFeed } from '../../src/ingest/harvest';
import { entryTitle } from '../../src/ingest/entry-article';
import { cleanLine } from '../../src/ingest/extract/text';
import { readDocument } from '../../src/ingest/parsers';
import { htmlToText, sanitizeHtml } from '../../src/ingest/sanitize';
import type { ParsedEntry, ParsedFeed } from '../../src/ingest/types';
import { corpusPath } from '../../tests/helpers/corpora';
import { Comparison, Literal, Operand, parseExpectation } from './expectation';

/** What an expectation is about, in Newsline's terms. */
export type Kind = 'feed title' | 'entry count' | 'entry title' | 'link' | 'id' | 'author' | 'summary' | 'content' | 'date';

export const KINDS: readonly Kind[] = ['feed title', 'entry count', 'entry title', 'link', 'id', 'author', 'summary', 'content', 'date'];

/** How a field of feedparser's result is checked on Newsline's. */
type Field =
  | { kind: Kind; check: 'feed-title' | 'entry-count' | 'title' | 'link' | 'id' | 'author' | 'summary' | 'content' | 'date' }
  | { kind: Kind; check: 'summary-base' | 'content-base' };

/** One expectation translated: what is checked, what feedparser expects, and whether Newsline meets it. */
export interface CheckResult {
  file: string;
  kind: Kind;
  /** The feedparser path, as in the Expect line (`entries[0]['summary_detail']['base']`). */
  path: string;
  expected: string;
  actual: string;
  passed: boolean;
}

/** An expectation about something Newsline does not expose, with the reason; not scored. */
export interface Excluded {
  file: string;
  path: string;
  reason: string;
}

export interface ScoreResult {
  checks: CheckResult[];
  excluded: Excluded[];
  /** Files the reader refused or did not read as a feed, with what it said. */
  unread: Array<{ file: string; error: string }>;
}

/** The corpus carried in the repository. */
export function defaultCorpusDir(): string {
  return corpusPath('feedparser');
}

/** Every .xml file under the corpus, relative to it, in path order. */
export function corpusFiles(dir: string = defaultCorpusDir()): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.xml')) files.push(relative(dir, path));
    }
  };
  walk(dir);
  return files;
}

/** Reads and scores every file of the corpus. */
export function scoreCorpus(dir: string = defaultCorpusDir()): ScoreResult {
  const result: ScoreResult = { checks: [], excluded: [], unread: [] };
  for (const file of corpusFiles(dir)) scoreFile(dir, file, result);
  return result;
}

/** The share of checks passed, overall and by kind (kinds without checks left out). */
export function tally(checks: CheckResult[]): Array<{ kind: Kind | 'all'; passed: number; total: number }> {
  const rows = KINDS.map((kind) => {
    const ofKind = checks.filter((check) => check.kind === kind);
    return { kind, passed: ofKind.filter((check) => check.passed).length, total: ofKind.length };
  }).filter((row) => row.total > 0);
  return [...rows, { kind: 'all' as const, passed: checks.filter((check) => check.passed).length, total: checks.length }];
}

function scoreFile(dir: string, file: string, result: ScoreResult): void {
  const body = readFileSync(join(dir, file));
  const expect = /^\s*Expect:\s*(.+)$/m.exec(body.toString('latin1'))?.[1]?.trim();
  if (!expect) throw new Error(`Expected an "Expect:" line in ${file}; found none.`);
  // The URL `newsline extract` reads a local file as.
  const url = `https://local.invalid/${encodeURIComponent(basename(file))}`;

  const checks: Array<{ path: string; field: Field; entry: number; expected: Literal }> = [];
  for (const comparison of parseExpectation(expect)) {
    for (const translated of translate(comparison)) {
      const reason = 'reason' in translated ? translated.reason : unobservable(translated.field, body.toString('latin1'));
      if (reason) result.excluded.push({ file, path: translated.path, reason });
      else checks.push(translated as Exclude<Translated, { reason: string }>);
    }
  }
  if (checks.length === 0) return;

  let feed: ParsedFeed | null = null;
  let error = '';
  try {
    const document = readDocument(body, null, url);
    if (document.kind === 'feed') {
      feed = document.feed;
      // What a refresh would store: it must read the feed as well (entries without a link are left out there).
      harvestFeed(feed, url, { name: feed.title ?? '', language: null, fullText: false }, new Date());
    } else {
      error = document.kind === 'page' ? 'read as an HTML page' : `read as ${document.description}`;
    }
  } catch (caught) {
    error = `refused: ${(caught as Error).message}`;
  }
  if (!feed) result.unread.push({ file, error });
  for (const check of checks) {
    const { passed, actual } = feed ? evaluate(check.field, feed, check.entry, check.expected, url) : { passed: false, actual: error };
    result.checks.push({ file, kind: check.field.kind, path: check.path, expected: show(check.expected), actual, passed });
  }
}

/**
 * Why a check cannot be made on what Newsline keeps, or null: feedparser reports the base URL of an element,
 * Newsline shows it only through the links it resolves, so an element without links cannot show it.
 */
function unobservable(field: Field, source: string): string | null {
  if (field.check !== 'summary-base' && field.check !== 'content-base') return null;
  const names = field.check === 'summary-base' ? 'summary|description|abstract' : 'content';
  const elements = source.matchAll(new RegExp(`<(?:\\w+:)?(${names})\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?\\1>`, 'gi'));
  if ([...elements].some((match) => /\b(?:href|src)\s*=/i.test(match[2]))) return null;
  return `its ${field.check === 'summary-base' ? 'summary' : 'content'} holds no link, so the base it would resolve links against shows nowhere`;
}

type Translated = { path: string; field: Field; entry: number; expected: Literal } | { path: string; reason: string };

/** One check per path of a comparison against its literal; a comparison without a literal checks nothing. */
function translate({ operands }: Comparison): Translated[] {
  const literal = operands.find((operand): operand is Extract<Operand, { kind: 'literal' }> => operand.kind === 'literal');
  if (!literal) return [];
  return operands
    .filter((operand) => operand.kind !== 'literal')
    .map((operand): Translated => {
      if (operand.kind === 'entry-count') return { path: 'len(entries)', field: { kind: 'entry count', check: 'entry-count' }, entry: 0, expected: literal.value };
      const path = `${operand.root}${operand.keys.map((key) => `[${JSON.stringify(key)}]`).join('')}`;
      const [first, ...rest] = operand.keys;
      if (operand.root === 'feed') {
        const field = rest.length === 0 ? first : `${first}.${rest.join('.')}`;
        if (field === 'title' || field === 'title_detail.value') return { path, field: { kind: 'feed title', check: 'feed-title' }, entry: 0, expected: literal.value };
        return { path, reason: EXCLUDED_REASONS[String(field)] ?? 'not a feed field Newsline exposes' };
      }
      if (typeof first !== 'number') return { path, reason: `not an entry index: ${String(first)}` };
      const name = rest.filter((key) => typeof key === 'string').join('.');
      const field = ENTRY_FIELDS[name];
      if (field) return { path, field, entry: first, expected: literal.value };
      return { path, reason: EXCLUDED_REASONS[name] ?? 'not an entry field Newsline exposes' };
    });
}

/** feedparser's entry fields (list indexes dropped) and the Newsline field each is checked on. */
const ENTRY_FIELDS: Record<string, Field> = {
  title: { kind: 'entry title', check: 'title' },
  'title_detail.value': { kind: 'entry title', check: 'title' },
  link: { kind: 'link', check: 'link' },
  'links.href': { kind: 'link', check: 'link' },
  id: { kind: 'id', check: 'id' },
  guid: { kind: 'id', check: 'id' },
  author: { kind: 'author', check: 'author' },
  'author_detail.name': { kind: 'author', check: 'author' },
  summary: { kind: 'summary', check: 'summary' },
  description: { kind: 'summary', check: 'summary' },
  'summary_detail.value': { kind: 'summary', check: 'summary' },
  'summary_detail.base': { kind: 'summary', check: 'summary-base' },
  'content.value': { kind: 'content', check: 'content' },
  'content.base': { kind: 'content', check: 'content-base' },
  ...Object.fromEntries(
    ['published', 'issued', 'created', 'updated', 'modified', 'date'].flatMap((name) => [
      [name, { kind: 'date', check: 'date' }],
      [`${name}_parsed`, { kind: 'date', check: 'date' }],
    ]),
  ),
};

/** Why an expectation is not scored, for the fields feedparser's tests check that Newsline has no place for. */
const EXCLUDED_REASONS: Record<string, string> = {
  'title_detail.base': 'Newsline keeps titles as plain text (what a headline shows), so a title has no links to resolve',
  'author_detail.email': "Newsline stores an author's name; the e-mail address only when there is no name",
  'links.rel': 'Newsline keeps the one link of an entry, not the list of its links and their relations',
  'content.type': 'Newsline keeps content as HTML; the media type is not kept',
};

function evaluate(field: Field, feed: ParsedFeed, index: number, expected: Literal, baseUrl: string): { passed: boolean; actual: string } {
  if (field.check === 'feed-title') return same(cleanLine(feed.title), cleanLine(String(expected)));
  if (field.check === 'entry-count') return same(feed.entries.length, expected);
  const entry: ParsedEntry | undefined = feed.entries[index];
  if (!entry) return { passed: false, actual: `no entry ${index} (${feed.entries.length} read)` };
  switch (field.check) {
    case 'title':
      return same(entryTitle(entry), cleanLine(String(expected)));
    case 'link':
      return same(entry.url, absolute(String(expected), baseUrl));
    case 'id':
      return same(entry.guid, String(expected));
    case 'author':
      // feedparser writes an author with an address as "Name (address)"; Newsline's author is the name.
      return same(entry.author, String(expected).replace(/\s*\([^()]*@[^()]*\)$/, ''));
    case 'summary':
      return sameHtml(stored(entry, entry.summary, baseUrl), String(expected), baseUrl);
    case 'content':
      return sameHtml(stored(entry, entry.contentHtml, baseUrl), String(expected), baseUrl);
    case 'summary-base':
      return linksUnder(stored(entry, entry.summary, baseUrl), String(expected));
    case 'content-base':
      return linksUnder(stored(entry, entry.contentHtml, baseUrl), String(expected));
    case 'date':
      return sameDate(entry, expected);
  }
}

/** HTML of an entry as the harvest stores it: sanitized, links resolved against the entry's base (as entryArticle does). */
function stored(entry: ParsedEntry, html: string | null, feedUrl: string): string | null {
  return html === null ? null : sanitizeHtml(html, entry.baseUrl ?? entry.url ?? feedUrl);
}

function same(actual: unknown, expected: unknown): { passed: boolean; actual: string } {
  return { passed: actual === expected, actual: show(actual) };
}

/** The same text and the same links (resolved against the base URL), as a reader of the HTML would see it. */
function sameHtml(actual: string | null, expected: string, baseUrl: string): { passed: boolean; actual: string } {
  if (actual === null) return { passed: false, actual: 'null' };
  const text = (html: string) => htmlToText(html).replace(/\s+/g, ' ').trim();
  const links = (html: string) => attributeUrls(html).map((url) => absolute(url, baseUrl));
  return { passed: text(actual) === text(expected) && show(links(actual)) === show(links(expected)), actual: show(actual) };
}

/** feedparser's `*_detail.base`: the element's relative links resolve against that base. */
function linksUnder(actual: string | null, base: string): { passed: boolean; actual: string } {
  const urls = attributeUrls(actual ?? '');
  return { passed: urls.length > 0 && urls.every((url) => url.startsWith(base)), actual: show(urls) };
}

/** The entry states that instant, as its publication or its update (Newsline dates an entry by either). */
function sameDate(entry: ParsedEntry, expected: Literal): { passed: boolean; actual: string } {
  const instant = Array.isArray(expected)
    ? Date.UTC(Number(expected[0]), Number(expected[1]) - 1, Number(expected[2]), Number(expected[3]), Number(expected[4]), Number(expected[5]))
    : Date.parse(String(expected));
  const dates = [entry.publishedAt, entry.updatedAt].filter((date): date is Date => date !== null);
  return { passed: dates.some((date) => date.getTime() === instant), actual: show(dates.map((date) => date.toISOString())) };
}

function attributeUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1].replace(/&amp;/g, '&'));
}

function absolute(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
}
