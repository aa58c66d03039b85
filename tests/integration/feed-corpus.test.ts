/**
 * Every feed of the real-world corpus (tests/corpora/feeds) read by parseFeed and compared with what the
 * rss-parser library read from it (output/<name>.json): the same number of items, and item by item the same
 * title (whitespace normalized), link (both resolved against the feed URL, as URLs) and date (isoDate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { entryTitle } from '../../src/ingest/entry-article';
import { cleanLine } from '../../src/ingest/extract/text';
import { FeedParseError, parseFeed } from '../../src/ingest/parsers';
import { ParsedEntry, ParsedFeed } from '../../src/ingest/types';
import { corpusPath } from '../helpers/corpora';

const INPUTS = fs.readdirSync(corpusPath('feeds', 'input')).sort();

/** The reference: rss-parser's output, of which only these fields are compared. */
interface ReferenceItem {
  title?: string;
  link?: string;
  isoDate?: string;
}

/**
 * Where the reference is demonstrably wrong, the one correction applied to it, per file. Nothing else differs.
 * - encoding.rss and uolNoticias.rss are ISO-8859-1 (the first declares it, the second declares nothing and is
 *   not valid UTF-8); the reference decoded them as UTF-8 and has U+FFFD for every accented letter, so there
 *   each U+FFFD in a reference title stands for exactly one character of ours.
 * - craigslist.rss puts HTML in CDATA titles ("&#x0024;4300 3bd 1930ft<sup>2</sup>"); the title stored is its
 *   text, as a reader displays it ("$4300 3bd 1930ft2"), the reference keeps the HTML as it is.
 * Titles are compared as stored (entryTitle: the entry's title, which is HTML, as one line of text).
 */
const REFERENCE_CORRECTIONS: Record<string, 'replacement-chars' | 'markup'> = {
  'encoding.rss': 'replacement-chars',
  'uolNoticias.rss': 'replacement-chars',
  'craigslist.rss': 'markup',
};

const tally = { files: 0, readRight: 0, items: 0, titles: 0, links: 0, dates: 0 };

describe('the feed corpus', () => {
  afterAll(() => {
    console.log(
      `feed corpus: ${tally.readRight}/${tally.files} files read right ` +
        `(${tally.items} items; ${tally.titles} titles, ${tally.links} links, ${tally.dates} dates compared with the reference)`,
    );
  });

  it.each(INPUTS)('%s reads as the reference reads it', (file) => {
    tally.files += 1;
    const body = fs.readFileSync(corpusPath('feeds', 'input', file));
    const referenceFile = corpusPath('feeds', 'output', `${path.parse(file).name}.json`);
    const feedUrl = `https://feeds.example.test/${file}`;

    if (!fs.existsSync(referenceFile)) {
      checkWithoutReference(file, body, feedUrl);
    } else {
      const reference: ReferenceItem[] = JSON.parse(fs.readFileSync(referenceFile, 'utf8')).feed.items;
      const feed = parseFeed(body, null, feedUrl);
      expect(feed.entries).toHaveLength(reference.length);
      reference.forEach((expected, index) => compareEntry(file, feed.entries[index], expected, feedUrl, index));
      tally.items += reference.length;
    }
    tally.readRight += 1;
  });
});

/** The two corpus files rss-parser has no output for. */
function checkWithoutReference(file: string, body: Buffer, feedUrl: string): void {
  if (file === 'unrecognized.rss') {
    // A "Document Moved" HTML page served where a feed was expected.
    expect(() => parseFeed(body, null, feedUrl)).toThrow(FeedParseError);
    expect(() => parseFeed(body, null, feedUrl)).toThrow(new Error('expected an RSS, Atom or JSON Feed document; got HTML'));
    return;
  }
  if (file === 'itunes-missing-image.rss') {
    // A podcast whose channel has no itunes:image: every <item> is read, with its title, link and date.
    const feed: ParsedFeed = parseFeed(body, null, feedUrl);
    const itemTags = body.toString('utf8').match(/<item>/g) ?? [];
    expect(feed.format).toBe('RSS');
    expect(feed.title).toBe('Taverncast - Happy Hour in Your Head - Since 2005');
    expect(feed.entries).toHaveLength(itemTags.length);
    for (const entry of feed.entries) {
      expect(entry.title).toEqual(expect.any(String));
      expect(entry.url).toMatch(/^https?:\/\//);
      expect(entry.publishedAt).toBeInstanceOf(Date);
    }
    tally.items += feed.entries.length;
    return;
  }
  throw new Error(`${file} has no reference output: add it to checkWithoutReference`);
}

function compareEntry(file: string, entry: ParsedEntry, expected: ReferenceItem, feedUrl: string, index: number): void {
  const where = `${file} item ${index}`;
  if (expected.title !== undefined) {
    expect({ where, title: titleMatches(file, normalize(entryTitle(entry)), normalize(expected.title)) }).toEqual({ where, title: true });
    tally.titles += 1;
  }
  if (expected.link !== undefined) {
    // rss-parser leaves relative links relative and URLs unnormalized ("https://localhost:8000").
    expect({ where, url: entry.url }).toEqual({ where, url: new URL(expected.link.trim(), feedUrl).href });
    tally.links += 1;
  }
  if (expected.isoDate !== undefined) {
    // rss-parser's isoDate is the published date, else (Atom) the updated one.
    const date = entry.publishedAt ?? entry.updatedAt;
    expect({ where, date: date?.toISOString() }).toEqual({ where, date: expected.isoDate });
    tally.dates += 1;
  }
}

function titleMatches(file: string, ours: string, reference: string): boolean | string {
  const correction = REFERENCE_CORRECTIONS[file];
  if (correction === 'markup') reference = cleanLine(reference) ?? '';
  if (correction === 'replacement-chars') {
    const same = ours.length === reference.length && [...reference].every((char, i) => char === '\uFFFD' || char === ours[i]);
    return same || `${JSON.stringify(ours)} vs ${JSON.stringify(reference)}`;
  }
  return ours === reference || `${JSON.stringify(ours)} vs ${JSON.stringify(reference)}`;
}

function normalize(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
