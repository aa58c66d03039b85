/**
 * Hostile XML: DTD entities must neither reach outside the document nor blow up in memory or time. The
 * parser drops the prolog DOCTYPE and expands only its plain-text entities (no reference to another entity,
 * no markup), within a budget of MAX_EXPANSION added characters; a DOCTYPE placed later (malformed XML) meets
 * fast-xml-parser's own limits (nested entity definitions ignored, expansion capped at 100,000 chars).
 * Each case checks the work done (what was expanded), not the time taken, so a busy machine cannot fail it.
 */
import { FeedParseError, parseFeed } from '../../../src/ingest/parsers';
import { expandEntities, MAX_EXPANSION, plainEntities } from '../../../src/ingest/parsers/dtd-entities';

const FEED_URL = 'https://news.example.test/feed.xml';

/** The classic billion laughs: ten levels of ten references, 10^9 "lol"s (3 GB) if expanded. */
function billionLaughsSubset(): string {
  let entities = '<!ENTITY lol0 "lol">';
  for (let level = 1; level <= 9; level += 1) {
    entities += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
  }
  return `[${entities}]`;
}

/** Quadratic blowup: one 10,000-character entity referenced 100,000 times, 1 GB if expanded. */
const QUADRATIC_SUBSET = `[<!ENTITY big "${'x'.repeat(10_000)}">]`;
const QUADRATIC_REFERENCES = '&big;'.repeat(100_000);

function rss(doctype: string, itemTitle: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>t</title><item><title>${itemTitle}</title></item></channel></rss>`,
  );
}

/** Parses, and returns the item title, or the FeedParseError. */
function titleOf(body: Buffer): string | null | FeedParseError {
  try {
    return parseFeed(body, 'application/rss+xml', FEED_URL).entries[0]?.title ?? null;
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    return error;
  }
}

describe('hostile DTDs', () => {
  it('leaves a billion-laughs entity, and every entity that refers to another, unexpanded', () => {
    // lol0 is plain text ("lol") and reads as such; lol1 to lol9 refer to others and stay references.
    expect(titleOf(rss(`<!DOCTYPE rss ${billionLaughsSubset()}>`, '&lol9; &lol1; &lol0;'))).toBe('&lol9; &lol1; lol');
  });

  it('expands plain-text entities up to the budget, and none of them past it', () => {
    const subset = `[<!ENTITY kb "${'x'.repeat(1000)}">]`;
    const within = MAX_EXPANSION / 1000;
    expect(titleOf(rss(`<!DOCTYPE rss ${subset}>`, '&kb;'.repeat(within)))).toBe('x'.repeat(MAX_EXPANSION));
    expect(titleOf(rss(`<!DOCTYPE rss ${subset}>`, '&kb;'.repeat(within + 1)))).toBe('&kb;'.repeat(within + 1));
  });

  it('leaves a quadratic-blowup entity unexpanded: the title is its 500 KB of references, not 1 GB', () => {
    expect(titleOf(rss(`<!DOCTYPE rss ${QUADRATIC_SUBSET}>`, QUADRATIC_REFERENCES))).toBe(QUADRATIC_REFERENCES);
  });

  it('never resolves external entities, file or network', () => {
    const doctype = `<!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "http://127.0.0.1:1/x"><!ENTITY % p SYSTEM "http://127.0.0.1:1/p.dtd">%p;]>`;
    expect(titleOf(rss(doctype, '&file;&web;'))).toBe('&file;&web;');
  });

  it('removes a DOCTYPE whole even when its literals and comments contain > and ]', () => {
    const doctype = `<!DOCTYPE rss SYSTEM "x>y.dtd" [<!ENTITY a "]>"><!-- ]> --><!ENTITY b '>'>]>`;
    // Nothing of the DOCTYPE reaches the document but the two entities' values.
    expect(titleOf(rss(doctype, '&a;&b;'))).toBe(']>>');
  });

  it('never expands an entity whose value holds markup', () => {
    const doctype = `<!DOCTYPE rss [<!ENTITY tag "<b>bold</b>">]>`;
    expect(titleOf(rss(doctype, 'a &tag; b'))).toBe('a &tag; b');
  });

  it('keeps a DOCTYPE placed inside the document (malformed) within fast-xml-parser limits', () => {
    const lateBillion = Buffer.from(
      `<rss version="2.0"><!DOCTYPE rss ${billionLaughsSubset()}><channel><item><title>&lol9;</title></item></channel></rss>`,
    );
    expect(titleOf(lateBillion)).toBe('&lol9;');

    const lateQuadratic = Buffer.from(
      `<rss version="2.0"><!DOCTYPE rss ${QUADRATIC_SUBSET}><channel><item><title>${QUADRATIC_REFERENCES}</title></item></channel></rss>`,
    );
    const title = titleOf(lateQuadratic);
    expect(title).toBeInstanceOf(FeedParseError);
    const [, expanded, limit] = /^expected a well-formed RSS or Atom document; .*limit exceeded: (\d+) > (\d+)$/.exec((title as FeedParseError).message) ?? [];
    // Expansion stopped at the limit, one entity (10,000 characters) past it at most: not the 1 GB asked for.
    expect(Number(limit)).toBe(100_000);
    expect(Number(expanded)).toBeGreaterThan(100_000);
    expect(Number(expanded)).toBeLessThanOrEqual(110_000);
  });

  it('reads a comment or CDATA section left open as running to the end, at once however many are left open', () => {
    // 100,000 unclosed "<!--" after the item: searched for their end one by one, they took about 5 s per 40,000
    // (the text read once per "<!--"); read as one comment to the end, the entity before them is still expanded.
    const tail = '<!--'.repeat(100_000);
    const text = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "expanded">]><rss version="2.0"><channel><title>t</title><item><title>&e;</title></item>${tail}`;
    expect(expandEntities(text.slice(text.indexOf('<rss')), plainEntities('<!DOCTYPE rss [<!ENTITY e "expanded">]>'))).toContain('<title>expanded</title>');
    // A reference inside an open comment or CDATA section is text.
    expect(expandEntities('&e; <!-- &e; <!-- &e;', new Map([['e', 'x']]))).toBe('x <!-- &e; <!-- &e;');
    expect(expandEntities('&e; <![CDATA[ &e; <![CDATA[ &e;', new Map([['e', 'x']]))).toBe('x <![CDATA[ &e; <![CDATA[ &e;');
    expect(expandEntities('&e; <!-- &e; --> &e;', new Map([['e', 'x']]))).toBe('x <!-- &e; --> x');
  });

  it('skips a malformed entity declaration at once, and reads the good ones after it', () => {
    // 50,000 declarations whose value is followed by a stray character: each searched the rest of the subset for a
    // quote followed by ">" (quadratic); a value holds no quote of its own kind, so each fails where it ends.
    const subset = `<!DOCTYPE rss [${'<!ENTITY a "x"y'.repeat(50_000)}<!ENTITY e 'good'><!ENTITY q "it's">]>`;
    expect(plainEntities(subset)).toEqual(new Map([['e', 'good'], ['q', 'it&apos;s']]));
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    const deep = Buffer.from(`<rss version="2.0"><channel><item><description>${'<div>'.repeat(10_000)}</description></item></channel></rss>`);
    expect(titleOf(deep)).toBeInstanceOf(FeedParseError);
  });
});
