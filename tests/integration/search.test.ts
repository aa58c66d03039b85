import type { ArticleEntity, SourceEntity } from '../../src/db/entities';
import { toGlobalId } from '../../src/domain/global-id';
import { startTestApp, TestApp } from '../helpers/app';
import { SEARCHED_TEXT_CHARS } from '../../src/db/repositories/search.repository';
import { insertArticle, insertNewsItem, insertSource } from '../helpers/fixtures';

const AT = new Date('2026-11-20T12:00:00.000Z');
const HOUR = 3_600_000;

let app: TestApp;
let english: SourceEntity;
let german: SourceEntity;

const SEARCH = `query Search($query: String!, $orderBy: SearchOrder, $first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter) {
  searchArticles(query: $query, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    edges { cursor score node { id title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = { edges: { cursor: string; score: number; node: { id: string; title: string } }[]; pageInfo: any };

/** Searches and returns the page; fails the test on any error. */
async function search(query: string, variables: Record<string, unknown> = {}): Promise<Page> {
  const { status, body } = await app.graphql(SEARCH, { query, ...variables });
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  return body.data.searchArticles;
}

/** The titles a search finds, in its order. */
const titles = async (query: string, variables: Record<string, unknown> = {}) => (await search(query, variables)).edges.map((e) => e.node.title);

/** The error a search answers with, as [code, message]. */
async function refusal(query: string, variables: Record<string, unknown> = {}): Promise<[string, string]> {
  const { body } = await app.graphql(SEARCH, { query, ...variables });
  expect(body.errors).toHaveLength(1);
  return [body.errors[0].extensions.code, body.errors[0].message];
}

/** Stores an article with nothing searchable but what is given. */
function article(fields: Partial<ArticleEntity> & { title: string }, source = english): Promise<ArticleEntity> {
  return insertArticle(app.dataSource, { sourceId: source.id, publishedAt: AT, summary: null, body: null, bodyText: null, language: 'en', ...fields });
}

beforeAll(async () => {
  app = await startTestApp();
  english = await insertSource(app.dataSource, { name: 'Harbour Herald', language: 'en' });
  german = await insertSource(app.dataSource, { name: 'Lindenfelder Bote', language: 'de' });
  await article({ title: 'Valdoria votes: the election result', bodyText: 'Counting went on through the night.' });
  await article({ title: 'Estmark: Wahl im Herbst', bodyText: 'Die Parteien bereiten sich vor.', language: 'de' }, german);
  await article({ title: 'Estmark: Wahlen abgesagt', bodyText: 'Ein Gericht stoppte die Abstimmung.', language: 'de-DE' }, german);
  await article({ title: 'Élection municipale à Castelmar', bodyText: 'Le maire sortant se représente.', language: 'fr' });
  await article({ title: 'Le café du port rouvre', bodyText: 'Les habitués sont revenus au CAFÉ dès lundi.', language: 'fr' });
  await article({ title: 'New harbour bridge opens in Port Averly', bodyText: 'Traffic crossed the bridge at dawn.' });
  await article({ title: 'Bridge repairs delayed', bodyText: 'The harbour authority blamed the weather.' });
  await article({ title: 'Ferry timetable changes', bodyText: 'The harbour ferry runs hourly from Monday.' });
  await article({ title: 'Tom & Jerry <script>alert(1)</script> bridge', bodyText: 'A bridge for "cats" & dogs, 1 < 2 > 0.' });
});
afterAll(() => app?.close());

describe('searchArticles: the query language', () => {
  it('stems English words: "elections" finds "election" (and the French "Élection", read in French)', async () => {
    expect((await titles('elections')).sort()).toEqual(['Valdoria votes: the election result', 'Élection municipale à Castelmar']);
    expect(await titles('elections', { filter: { language: 'en' } })).toEqual(['Valdoria votes: the election result']);
  });

  it('stems German words in German articles: "Wahlen" finds "Wahl", "Wahl" finds "Wahlen" (language de-DE too)', async () => {
    expect((await titles('Wahlen')).sort()).toEqual(['Estmark: Wahl im Herbst', 'Estmark: Wahlen abgesagt']);
    expect((await titles('wahl')).sort()).toEqual(['Estmark: Wahl im Herbst', 'Estmark: Wahlen abgesagt']);
  });

  it('stems French words and folds accents: "elections" and "ÉLECTIONS" find "Élection"', async () => {
    expect(await titles('elections municipales')).toEqual(['Élection municipale à Castelmar']);
    expect(await titles('ÉLECTIONS Castelmar')).toEqual(['Élection municipale à Castelmar']);
  });

  it('folds accents and case: "cafe" finds "café" and "CAFÉ"', async () => {
    expect(await titles('cafe')).toEqual(['Le café du port rouvre']);
    expect(await titles('Café')).toEqual(['Le café du port rouvre']);
  });

  it('requires every word', async () => {
    expect((await titles('harbour bridge')).sort()).toEqual(['Bridge repairs delayed', 'New harbour bridge opens in Port Averly']);
  });

  it('matches a "quoted phrase" only as written, in that order', async () => {
    expect(await titles('"harbour bridge"')).toEqual(['New harbour bridge opens in Port Averly']);
    expect(await titles('"bridge harbour"')).toEqual([]);
  });

  it('takes either side of OR', async () => {
    expect((await titles('ferry OR election')).sort()).toEqual(['Ferry timetable changes', 'Valdoria votes: the election result', 'Élection municipale à Castelmar']);
  });

  it('leaves out -excluded words', async () => {
    expect((await titles('harbour -bridge')).sort()).toEqual(['Ferry timetable changes']);
  });

  it('excludes a word as each article\'s language reads it: "-Wahlen" leaves out German articles that say "Wahl"', async () => {
    expect(await titles('Estmark -Wahlen')).toEqual([]);
    expect(await titles('Estmark -Herbst')).toEqual(['Estmark: Wahlen abgesagt']);
  });
});

describe('searchArticles: invisible characters in a query', () => {
  // Pasted from a web page, a query carries zero-width spaces, soft hyphens, direction marks, joiners and variation
  // selectors; PostgreSQL read most of them as a break between words and the embedded database as part of a word,
  // so the same query found the article on one and nothing on the other.
  it.each([
    ['a zero-width space', 'Valdoria\u200B'],
    ['a soft hyphen', '\u00ADValdoria'],
    ['a right-to-left mark', 'Valdoria\u200F'],
    ['a word joiner', 'Valdoria\u2060'],
    ['a zero-width non-joiner', 'Valdoria\u200C votes'],
    ['a byte order mark', '\uFEFFValdoria'],
    ['a variation selector', 'Valdoria\uFE0F'],
    ['a zero-width space between two words', 'Valdoria\u200Bvotes'],
    ['a soft hyphen inside the word (a hyphenation point)', 'Vald\u00ADoria'],
    ['a word joiner inside the word', 'Valdo\u2060ria'],
    ['a zero-width joiner inside the word', 'Val\u200Ddoria'],
    ['a right-to-left override inside the word', 'Vald\u202Eoria'],
    ['a tag character inside the word', 'Vald\u{E0001}oria'],
    ['a Hangul filler after it', 'Valdoria\u3164'],
    ['a combining grapheme joiner inside the word', 'Vald\u034Foria'],
  ])('finds what the query without %s finds', async (_name, query) => {
    expect(await titles(query)).toEqual(['Valdoria votes: the election result']);
  });

  it.each(['\u200B\u00AD\uFE0F', '\u3164\u3164\u3164', '\u034F\u{E0041}'])('refuses a query of invisible characters alone (%j) as one that holds no word', async (query) => {
    const [code, message] = await refusal(query);
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/^`query` must hold a word or number to search for/);
  });
});

describe('searchArticles: ranking', () => {
  let inTitle: ArticleEntity;
  let inSummary: ArticleEntity;
  let inBody: ArticleEntity;

  beforeAll(async () => {
    // Published at one instant, so only where the word stands decides; the body says it three times.
    inBody = await article({ title: 'Weekly council notes', summary: 'Notes from the council.', bodyText: 'Zephyrine, zephyrine and zephyrine again.' });
    inSummary = await article({ title: 'Council notes', summary: 'About the zephyrine plan.', bodyText: 'Notes.' });
    inTitle = await article({ title: 'The zephyrine plan', summary: 'Notes.', bodyText: 'Notes.' });
  });

  it('puts title matches before summary matches before body matches', async () => {
    const page = await search('zephyrine');
    expect(page.edges.map((e) => e.node.id)).toEqual([inTitle, inSummary, inBody].map((a) => toGlobalId('Article', a.id)));
    expect(page.edges[0].score).toBeGreaterThan(page.edges[1].score);
    expect(page.edges[1].score).toBeGreaterThan(page.edges[2].score);
  });

  it('ranks a query with an excluded word by its other words: the same order and scores as without it', async () => {
    // ts_rank of the whole query scores every match about 1e-20 when it holds a NOT (the excluded word is never
    // found in a match); the ranking reads only the words a match must have.
    const page = await search('zephyrine -volcano');
    expect(page.edges.map((e) => e.node.id)).toEqual([inTitle, inSummary, inBody].map((a) => toGlobalId('Article', a.id)));
    // The same up to the recency lift, which moves with the clock between the two requests.
    const without = (await search('zephyrine')).edges.map((e) => e.score);
    page.edges.forEach((edge, i) => expect(edge.score).toBeCloseTo(without[i], 6));
    expect(page.edges[2].score).toBeGreaterThan(0.01);
  });

  it('ranks a query of exclusions only by recency: every match ranks alike, so the newest comes first', async () => {
    const source = await insertSource(app.dataSource, { name: 'Exclusions Gazette', language: 'en' });
    // The newer is stored first, so that id order (the tie-break) is the opposite of time order.
    const newer = await article({ title: 'Harvest fair opens', publishedAt: new Date(Date.now() - HOUR) }, source);
    const older = await article({ title: 'Harvest fair planned', publishedAt: new Date(Date.now() - 48 * HOUR) }, source);
    await article({ title: 'Harvest fair cancelled over volcano', publishedAt: new Date() }, source);
    const filter = { sourceIds: [toGlobalId('Source', source.id)] };
    const page = await search('-volcano', { filter });
    expect(page.edges.map((e) => e.node.id)).toEqual([newer, older].map((a) => toGlobalId('Article', a.id)));
    // A text rank of 1, lifted by recency: 1.25 for an article published now, 1.125 for a day-old one.
    expect(page.edges[0].score).toBeCloseTo(1 + 0.25 / (1 + 1 / 24), 3);
    expect(page.edges[1].score).toBeCloseTo(1 + 0.25 / (1 + 48 / 24), 3);
    const newest = await search('-volcano', { filter, orderBy: 'NEWEST' });
    expect(newest.edges.map((e) => e.node.id)).toEqual([newer, older].map((a) => toGlobalId('Article', a.id)));
  });

  it('puts the fresher of two equal matches first, and lifts it only a little', async () => {
    const older = await article({ title: 'Quillwork Labs ships', publishedAt: new Date(Date.now() - 72 * HOUR) });
    const newer = await article({ title: 'Quillwork Labs ships', publishedAt: new Date(Date.now() - HOUR) });
    const page = await search('quillwork');
    expect(page.edges.map((e) => e.node.id)).toEqual([newer, older].map((a) => toGlobalId('Article', a.id)));
    expect(page.edges[0].score / page.edges[1].score).toBeGreaterThan(1.1);
    expect(page.edges[0].score / page.edges[1].score).toBeLessThan(1.25);
  });

  it('orders NEWEST by publication time whatever the score', async () => {
    const older = await article({ title: 'Lattice Robotics: robots, robots, robots', publishedAt: new Date(AT.getTime() - HOUR) });
    const newer = await article({ title: 'Lattice quarterly', bodyText: 'Robots sold well.', publishedAt: AT });
    expect((await search('robots', { orderBy: 'NEWEST' })).edges.map((e) => e.node.id)).toEqual([newer, older].map((a) => toGlobalId('Article', a.id)));
  });
});

describe('searchArticles: highlights', () => {
  it('marks the matched words in the title and a snippet, with the text HTML-escaped', async () => {
    const { body } = await app.graphql('{ searchArticles(query: "bridge cats") { edges { highlights { title snippet } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.searchArticles.edges).toEqual([
      {
        highlights: {
          title: 'Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; <mark>bridge</mark>',
          snippet: 'A <mark>bridge</mark> for &quot;<mark>cats</mark>&quot; &amp; dogs, 1 &lt; 2 &gt; 0.',
        },
      },
    ]);
  });

  it('marks accented words that an unaccented query found', async () => {
    const { body } = await app.graphql('{ searchArticles(query: "cafe") { edges { highlights { title snippet } } } }');
    expect(body.data.searchArticles.edges[0].highlights).toEqual({
      title: 'Le <mark>café</mark> du port rouvre',
      snippet: 'Les habitués sont revenus au <mark>CAFÉ</mark> dès lundi.',
    });
  });
});

describe('searchArticles: highlights of a long article', () => {
  it('take the snippet from the text the search reads, its first 100,000 characters', async () => {
    // A word the title and the text's far end share: the snippet is the text's start, without a mark.
    const opening = 'The opening paragraph of a very long report.';
    const filler = ' Counting the harbour cranes one by one.'.repeat(2600);
    await article({ title: 'Quokkatown annual report', bodyText: `${opening}${filler} Quokkatown closes the report.` });
    expect(opening.length + filler.length).toBeGreaterThan(SEARCHED_TEXT_CHARS);
    const { body } = await app.graphql('{ searchArticles(query: "quokkatown") { edges { highlights { title snippet } } } }');
    expect(body.errors).toBeUndefined();
    const [{ highlights }] = body.data.searchArticles.edges;
    expect(highlights.title).toBe('<mark>Quokkatown</mark> annual report');
    expect(highlights.snippet).toMatch(/^The opening paragraph of a very long report\./);
    expect(highlights.snippet).not.toContain('<mark>');
  });
});

describe('searchArticles: the search document follows the article', () => {
  it('finds an article by its new words as soon as it is updated, and no longer by its old ones', async () => {
    const stored = await article({ title: 'Greyfield Steel opens a plant' });
    expect(await titles('greyfield')).toEqual(['Greyfield Steel opens a plant']);
    await app.dataSource.query(`UPDATE article SET title = 'Brightwater Energy opens a plant' WHERE id = $1`, [stored.id]);
    expect(await titles('greyfield')).toEqual([]);
    expect(await titles('brightwater')).toEqual(['Brightwater Energy opens a plant']);
  });
});

describe('searchArticles: paging', () => {
  const COUNT = 25;
  let ids: string[];

  beforeAll(async () => {
    // Scores differ by where the word stands and by age; several share a score (same place, same instant).
    const rows: ArticleEntity[] = [];
    for (let i = 0; i < COUNT; i++) {
      const fields = i % 3 === 0 ? { title: `Norrstar ${i}` } : { title: `Bank news ${i}`, bodyText: 'Norrstar again.' };
      const language = i % 2 ? { language: 'en' } : { language: 'de' };
      rows.push(await article({ ...fields, ...language, publishedAt: new Date(AT.getTime() - (i % 5) * HOUR) }, i % 2 ? english : german));
    }
    ids = rows.map((a) => toGlobalId('Article', a.id));
  });

  /** Every node id of a search, page by page with `first` and `after`. */
  async function walk(query: string, orderBy: string, first: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 30; guard++) {
      const page: Page = await search(query, { orderBy, first, after });
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return seen;
  }

  it.each(['RELEVANCE', 'NEWEST'])('pages %s with first/after through every match once, in the order of one big page', async (orderBy) => {
    const whole = (await search('norrstar', { orderBy, first: 100 })).edges.map((e) => e.node.id);
    expect([...whole].sort()).toEqual([...ids].sort());
    expect(await walk('norrstar', orderBy, 4)).toEqual(whole);
  });

  it.each(['RELEVANCE', 'NEWEST'])('pages %s backward with last/before', async (orderBy) => {
    const whole = (await search('norrstar', { orderBy, first: 100 })).edges.map((e) => e.node.id);
    const last = await search('norrstar', { orderBy, last: 10 });
    expect(last.edges.map((e) => e.node.id)).toEqual(whole.slice(-10));
    const before = await search('norrstar', { orderBy, last: 10, before: last.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.id)).toEqual(whole.slice(-20, -10));
  });

  it('keeps ranking later RELEVANCE pages as of the first page, so an article arriving meanwhile does not shift them', async () => {
    const first = await search('norrstar', { first: 10 });
    const arrived = await article({ title: 'Norrstar Norrstar breaking', publishedAt: new Date() });
    const rest = await walk('norrstar', 'RELEVANCE', 100);
    expect(rest[0]).toBe(toGlobalId('Article', arrived.id));
    const next = await search('norrstar', { first: 100, after: first.pageInfo.endCursor });
    expect([...first.edges.map((e) => e.node.id), ...next.edges.map((e) => e.node.id)].sort()).toEqual([...ids].sort());
  });

  it.each([
    ['another query', { query: 'norrstar bank' }],
    ['another order', { orderBy: 'NEWEST' }],
    ['another filter', { filter: { language: 'de' } }],
  ])('refuses a RELEVANCE cursor with %s', async (_name, change) => {
    const { pageInfo } = await search('norrstar', { first: 5 });
    const [code, message] = await refusal('norrstar', { first: 5, after: pageInfo.endCursor, ...change });
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/^(The `after` cursor was issued for a list with other filters or ordering|`after` must be a cursor taken from this list)/);
  });

  it('refuses a NEWEST cursor with another query', async () => {
    const { pageInfo } = await search('norrstar', { first: 5, orderBy: 'NEWEST' });
    expect(await refusal('norrstar bank', { first: 5, orderBy: 'NEWEST', after: pageInfo.endCursor })).toEqual([
      'BAD_USER_INPUT',
      'The `after` cursor was issued for a list with other filters or ordering; pass the same filters it was made with, or start again without a cursor.',
    ]);
  });

  it('filters by any language tag an article can be stored with, a private-use one too, in any case, as a range', async () => {
    await article({ title: 'Quillmarsh tide tables', language: 'en-gb-x-tides' });
    expect(await titles('Quillmarsh', { filter: { language: 'en-GB-x-tides' } })).toEqual(['Quillmarsh tide tables']);
    expect(await titles('Quillmarsh', { filter: { language: 'en' } })).toEqual(['Quillmarsh tide tables']);
    expect(await titles('Quillmarsh', { filter: { language: 'en-US' } })).toEqual([]);
  });

  it('filters like articles: language, sources', async () => {
    const german = (await search('norrstar', { first: 100, filter: { language: 'de' } })).edges.map((e) => e.node.id);
    expect(german.sort()).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
  });
});

describe('searchArticles: queries that say nothing, or too much', () => {
  it.each([
    ['empty', ''],
    ['blank', '   \t\n'],
    ['only punctuation', '"" - !!! ()'],
  ])('refuses an %s query with BAD_USER_INPUT', async (_name, query) => {
    const [code, message] = await refusal(query);
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/^`query` must hold a word or number to search for \(words, "quoted phrases", OR, -excluded\); got /);
  });

  it('refuses a query over 256 characters, saying how long it was', async () => {
    expect(await refusal('word '.repeat(60))).toEqual(['BAD_USER_INPUT', '`query` must be at most 256 characters; got 299.']);
    // Characters as a reader counts them: an emoji is one, not its two UTF-16 code units.
    expect(await refusal('\u{1F4F0} '.repeat(150))).toEqual(['BAD_USER_INPUT', '`query` must be at most 256 characters; got 299.']);
  });

  it.each([
    'the', 'and OR or', '"unclosed phrase', 'a:* & b | !c <-> d', "'; DROP TABLE article; --", '\\x', '((((a', '- -b', 'OR', '-harbour',
    'x'.repeat(256), 'e\u0301lection', '\u{1F600} bridge', 'bridge'.repeat(40),
  ])('answers %j without an error', async (query) => {
    const { status, body } = await app.graphql(SEARCH, { query });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  });
});

describe('searchNewsItems: headlines, read in their source\'s language', () => {
  const HEADLINES = `query Headlines($query: String!, $orderBy: SearchOrder, $first: Int, $after: String, $filter: NewsItemFilter) {
    searchNewsItems(query: $query, orderBy: $orderBy, first: $first, after: $after, filter: $filter) {
      edges { score highlights { title snippet } node { title source { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  const headlines = async (query: string, variables: Record<string, unknown> = {}) => {
    const { status, body } = await app.graphql(HEADLINES, { query, ...variables });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    return body.data.searchNewsItems;
  };
  const item = (title: string, source: SourceEntity, publishedAt = AT) => insertNewsItem(app.dataSource, { sourceId: source.id, title, publishedAt });

  beforeAll(async () => {
    await item('Wahlen in Estmark verschoben', german);
    await item('Estmark: Wahl im März', german, new Date(AT.getTime() - HOUR));
    await item('Estmark elections postponed', english);
    await item('Café & <Bar> in Saltmere reopens', english);
  });

  it('stems a headline in its source\'s language and folds accents', async () => {
    expect((await headlines('Wahl')).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Wahlen in Estmark verschoben', 'Estmark: Wahl im März']);
    expect((await headlines('election')).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Estmark elections postponed']);
    expect((await headlines('cafe')).edges).toEqual([
      { score: expect.any(Number), highlights: { title: '<mark>Café</mark> &amp; &lt;Bar&gt; in Saltmere reopens', snippet: null }, node: { title: 'Café & <Bar> in Saltmere reopens', source: { name: 'Harbour Herald' } } },
    ]);
  });

  it('reads exclusions per language, filters by source, and pages with cursors bound to the query', async () => {
    expect((await headlines('Estmark -Wahlen')).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Estmark elections postponed']);
    const filtered = await headlines('Estmark', { filter: { sourceIds: [toGlobalId('Source', english.id)] } });
    expect(filtered.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Estmark elections postponed']);
    const first = await headlines('Estmark', { first: 2 });
    const rest = await headlines('Estmark', { first: 2, after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((e: { node: { title: string } }) => e.node.title).sort()).toEqual(['Estmark elections postponed', 'Estmark: Wahl im März', 'Wahlen in Estmark verschoben']);
    const { body } = await app.graphql(HEADLINES, { query: 'Estmark Wahl', first: 2, after: first.pageInfo.endCursor });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads invisible characters in the query as the article search does', async () => {
    expect((await headlines('elections\u200B Estmark\uFE0F')).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Estmark elections postponed']);
  });

  it('finds a headline by its new words once the publisher edits it', async () => {
    const edited = await item('Kestrel Bay ferry delayed', english);
    await app.dataSource.query(`UPDATE news_item SET title = 'Kestrel Bay ferry cancelled' WHERE id = $1`, [edited.id]);
    expect((await headlines('cancelled ferry')).edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Kestrel Bay ferry cancelled']);
    expect((await headlines('delayed ferry')).edges).toEqual([]);
  });
});
