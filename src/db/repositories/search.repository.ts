import pg from 'pg';
import type { ScoreKeyset } from '../../domain/cursor';
import type { PageWindow } from '../../domain/page';
import type { HighlightRow } from '../../domain/rows';
import type { DbTimestamp } from '../../domain/timestamp';
import { MATCH_END, MATCH_START, RECENCY_HOURS, RECENCY_LIFT, RELEVANCE_CANDIDATES, RELEVANCE_DENSE_MATCHES, RELEVANCE_SAMPLE } from '../../domain/search';
import type { Sql } from '../sql';
import { ARTICLE_COLUMNS, ARTICLE_JOINS, ArticleListFilter, conditionsOf } from './article.repository';
import { NEWS_ITEM_COLUMNS, NEWS_ITEM_JOINS, newsItemConditions, NewsItemListFilter } from './news-item.repository';
import { Conditions } from './conditions';
import { KeysetPage, KeysetRows, keysetResult, keysetTail, limitOf, ListOrder, newestFirst } from './keyset';
import { oneOff, statement } from './statement';

/** One search: the query as the client wrote it (trimmed), the filters, and the instant scores are computed for. */
export interface Search<Filter> {
  query: string;
  filter: Filter;
  asOf: Date;
}

/**
 * What a search reads: a table with a `search_vector`, under `alias`, with the columns a page shows (joined
 * through `joins`), the SQL of each row's language key (`en`, `de`, `fr` or `simple`: which reading of the
 * query matches and ranks it), its filter's conditions, and the text its highlights mark.
 */
export interface Searched<Filter> {
  table: string;
  alias: string;
  columns: string;
  joins: string;
  language: string;
  conditions(filter: Filter, conditions: Conditions): Conditions;
  /** SQL of the title and of the snippet's text; null for no snippet. */
  title: string;
  text: string | null;
}

/** The characters of an article's text its search document reads (migration SearchDocumentBounded1796002100000). */
export const SEARCHED_TEXT_CHARS = 100_000;

/** Articles: read in their own language; the snippet comes from the body (or the summary). */
export const ARTICLES: Searched<ArticleListFilter> = {
  table: 'article',
  alias: 'a',
  columns: ARTICLE_COLUMNS,
  joins: ARTICLE_JOINS,
  language: 'newsline_search_language(a.language)',
  conditions: conditionsOf,
  title: 'a.title',
  // What the search document reads of the text (newsline_search_document: its first 100,000 characters), and so
  // what a snippet is taken from: ts_headline over a whole 10 MB body took 22 s of the database's CPU.
  text: `left(coalesce(a.body_text, a.summary, ''), ${SEARCHED_TEXT_CHARS})`,
};

/** News items (headlines): read in their source's language; the title is all there is. */
export const NEWS_ITEMS: Searched<NewsItemListFilter> = {
  table: 'news_item',
  alias: 'n',
  columns: NEWS_ITEM_COLUMNS,
  joins: NEWS_ITEM_JOINS,
  language: 'n.search_language',
  conditions: newsItemConditions,
  title: 'n.title',
  text: null,
};

/** A page request over search results ranked by (score, id), highest first. */
export interface ScorePage {
  window: PageWindow;
  after: ScoreKeyset | null;
  before: ScoreKeyset | null;
}

/** The text search configurations the migrations made, by the key newsline_search_language() gives. */
const LANGUAGES = ['en', 'de', 'fr', 'simple'] as const;

/**
 * The query as the language `key` (SQL of a row's language key) reads it. Each parse is a scalar subquery,
 * which PostgreSQL evaluates once per statement rather than once per row.
 */
function queryFor(key: string): string {
  const parse = (language: string) => `(SELECT websearch_to_tsquery('newsline_${language}', $1))`;
  return `CASE ${key} ${LANGUAGES.map((language) => `WHEN '${language}' THEN ${parse(language)}`).join(' ')} END`;
}

/**
 * What ranking reads of the query as the language `key` reads it: the words a match must or may have, without the
 * excluded ones (`querytree`, the part an index can answer). ts_rank of a query that holds a NOT scores every
 * match about 1e-20, since the excluded word is by definition missing from it. A query of exclusions only
 * (`querytree` gives 'T') has no words to rank by: NULL, and scoreOf gives each match the text rank
 * EXCLUSIONS_ONLY_RANK (ts_rank of the query itself is 0 for every row, which left the recency lift nothing to lift
 * and the matches in id order).
 */
function rankingQueryFor(key: string): string {
  const parse = (language: string) =>
    `(SELECT CASE WHEN querytree(q) = 'T' THEN NULL ELSE querytree(q)::tsquery END FROM websearch_to_tsquery('newsline_${language}', $1) AS q)`;
  return `CASE ${key} ${LANGUAGES.map((language) => `WHEN '${language}' THEN ${parse(language)}`).join(' ')} END`;
}

/** The text rank of every match of a query of exclusions only (`-election`): all alike, so that recency orders them. */
const EXCLUSIONS_ONLY_RANK = 1;

/** The score of row `alias` (see RECENCY_LIFT): its text rank (title A 1.0, summary B 0.4, body C 0.2), lifted by recency as of `asOf`. */
function scoreOf(alias: string, language: string, asOf: string): string {
  const ageHours = `greatest(0, extract(epoch FROM ${asOf} - ${alias}.published_at)::float8 / 3600)`;
  const textRank = `coalesce(ts_rank(${alias}.search_vector, ${rankingQueryFor(language)}), ${EXCLUSIONS_ONLY_RANK})`;
  return `${textRank} * (1 + ${RECENCY_LIFT} / (1 + ${ageHours} / ${RECENCY_HOURS}))`;
}

/**
 * The match condition: each row under its own language's reading of the query (so that "-Wahlen" leaves out a
 * German article that says "Wahl", which the English reading would not), one condition per language. The
 * query is written into the SQL as a literal (escaped by pg): PostgreSQL then plans the statement for this
 * query's own words, reading from its statistics on `search_vector` and on the language key how many rows
 * hold them. For NEWEST that choice is the bounded design: for a word most rows hold, walking the
 * publication-time index newest first and testing each row reaches a page after a few rows per result; for a
 * rare word, the GIN index hands over its few matches to be sorted. (RELEVANCE does not leave its choice to
 * the estimate; see SearchRepository.relevant.) A parameter would get one plan for every query (the server runs with
 * plan_cache_mode = force_generic_plan), wrong for one kind or the other.
 */
function matches<Filter>({ alias, language }: Searched<Filter>, query: string): string {
  const literal = pg.escapeLiteral(query);
  const reading = (key: string) => `(${language} = '${key}' AND ${alias}.search_vector @@ websearch_to_tsquery('newsline_${key}', ${literal}))`;
  return `(${LANGUAGES.map(reading).join(' OR ')})`;
}

/**
 * The match tested row by row: the reading of the row's language, chosen once per row, given to `ts_match_vq()`,
 * the function behind `@@`, which no index answers (the walks of RELEVANCE depend on that).
 */
function testedMatch<Filter>({ alias, language }: Searched<Filter>, query: string): string {
  const literal = pg.escapeLiteral(query);
  const readings = LANGUAGES.map((key) => `WHEN '${key}' THEN websearch_to_tsquery('newsline_${key}', ${literal})`).join(' ');
  return `coalesce(ts_match_vq(${alias}.search_vector, CASE ${language} ${readings} END), false)`;
}

/** An instant written into SQL: ISO text from a Date, which holds no quote. */
const instant = (at: Date) => `'${at.toISOString()}'::timestamptz`;

/** Options of ts_headline: the whole title, and the passage of 15 to 35 words of the text that best covers the matches. */
const MARKS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}`;
const TITLE_HEADLINE = `HighlightAll=true, ${MARKS}`;
const SNIPPET_HEADLINE = `MaxWords=35, MinWords=15, ${MARKS}`;

/** The statement reading the highlights of rows by id: $1 the query, $2 the ids, $3 the marks to strip, $4 and $5 (for text) the options. */
function highlightStatement<Filter>({ table, alias, language, title, text }: Searched<Filter>) {
  const headline = (sql: string, options: string) =>
    `ts_headline(newsline_search_config(${language}), translate(${sql}, $3, ''), ${queryFor(language)}, ${options})`;
  return statement(`
    SELECT ${alias}.id, ${headline(title, '$4')} AS title, ${text === null ? 'NULL::text' : headline(text, '$5')} AS snippet
    FROM ${table} ${alias} WHERE ${alias}.id = ANY($2::int[])`);
}

/** All SQL of full-text search, over articles or news items. */
export class SearchRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of the rows matching the search, newest first by (published_at, id). */
  async newest<Filter, Row extends { score: number }>(searched: Searched<Filter>, search: Search<Filter>, page: KeysetPage): Promise<KeysetRows<Row>> {
    const { table, alias, columns, joins, language } = searched;
    const order = newestFirst<Row & { id: number; published_at: DbTimestamp }>(alias, 'published_at');
    const conditions = this.conditions(searched, search, true);
    const tail = keysetTail(order as ListOrder<unknown>, page, conditions.where, conditions.values, true);
    const rows = await this.sql.read<Row & { id: number; published_at: DbTimestamp }>(
      oneOff(`SELECT ${columns}, ${scoreOf(alias, language, instant(search.asOf))} AS score FROM ${table} ${alias} ${joins} ${conditions.clause} ${tail}`),
      conditions.values,
    );
    return keysetResult(rows, page, order);
  }

  /**
   * One page of the rows matching the search, highest score first: of the newest RELEVANCE_CANDIDATES
   * matches first seen by `asOf`, so that every page of one search ranks the same set the same way.
   *
   * Which matches are the newest is found one of two ways, chosen while the statement runs from what the newest
   * rows hold rather than from the planner's estimate (which takes a phrase of words that always come together
   * for a rare one). `sample` reads the newest RELEVANCE_SAMPLE rows (within the `publishedAt` range, which the
   * walk starts from) and tests each against the query and the other filters: what it finds is how many matches
   * a walk meets per row it reads. If at least RELEVANCE_DENSE_MATCHES of them match (or the sample holds every
   * row), the matches are dense: the walk goes on past the sample, a few rows read per match, until
   * RELEVANCE_CANDIDATES match. If fewer do, they are sparse: the GIN index hands over every match (however
   * old), and the newest are sorted out. (A sample of the newest rows within all the filters would cost a
   * selective filter, a source say, as many rows as the walk: a rare word in one source's articles took 44 ms
   * instead of 8.)
   *
   * Each way is a branch of a UNION ALL whose LIMIT is 0 unless the sample's count chose it, so PostgreSQL runs
   * one of them (a condition in WHERE would do the same, but PostgreSQL checks it inside the workers of a
   * parallel plan, which it starts first: 6 ms); both give the same candidates. The walk tests rows with
   * `ts_match_vq()`, the function behind `@@`, on the reading of the row's language: no index answers it, so the
   * planner cannot turn the walk into an index scan and a sort, and the row's language is computed once. The GIN
   * branch is fenced (OFFSET 0) from the ORDER BY and LIMIT above it, so the planner reads all its matches rather
   * than walking for them.
   */
  async relevant<Filter extends { from: Date | null; to: Date | null }, Row extends { score: number; id: number }>(
    searched: Searched<Filter>,
    search: Search<Filter>,
    page: ScorePage,
  ): Promise<{ rows: Row[]; hasMore: boolean }> {
    const { table, alias, columns, joins, language } = searched;
    const asOf = instant(search.asOf);
    const conditions = this.conditions(searched, search, true);
    conditions.where.push(`${alias}.first_seen_at <= ${asOf}`);
    // The filters without the match, which is where[0] (see conditions()).
    const filters = conditions.where.slice(1).join(' AND ');
    // The `publishedAt` range alone, where the sample starts.
    const span: string[] = [];
    for (const [bound, operator] of [[search.filter.from, '>='], [search.filter.to, '<']] as const) {
      if (!bound) continue;
      conditions.values.push(bound);
      span.push(`${alias}.published_at ${operator} $${conditions.values.length}`);
    }
    const outer: string[] = [];
    const forward = page.window.direction === 'forward';
    for (const [key, operator] of [[page.after, '<'], [page.before, '>']] as const) {
      if (!key) continue;
      conditions.values.push(key.score, key.id);
      outer.push(`(r.score, r.id) ${operator} ($${conditions.values.length - 1}::float8, $${conditions.values.length}::int)`);
    }
    const direction = forward ? 'DESC' : 'ASC';
    const tested = testedMatch(searched, search.query);
    const candidate = `${alias}.id, ${language} AS language, ${alias}.published_at, ${alias}.search_vector`;
    const newest = `ORDER BY published_at DESC, id DESC`;
    const seen = (column: string) => `(SELECT ${column} FROM seen)`;
    const dense = `(${seen('matches')} >= ${RELEVANCE_DENSE_MATCHES} OR ${seen('rows')} < ${RELEVANCE_SAMPLE})`;
    const rows = await this.sql.read<Row>(
      oneOff(`
        WITH sample AS MATERIALIZED (
          -- The language key and the document are kept for the matches only.
          SELECT ${alias}.id, CASE WHEN ${alias}.matched THEN ${language} END AS language, ${alias}.published_at,
                 CASE WHEN ${alias}.matched THEN ${alias}.search_vector END AS search_vector, ${alias}.matched
          FROM (SELECT ${alias}.*, ${filters} AND ${tested} AS matched FROM ${table} ${alias} ${span.length ? `WHERE ${span.join(' AND ')}` : ''} ${newest} LIMIT ${RELEVANCE_SAMPLE}) ${alias}
        ), seen AS MATERIALIZED (
          SELECT count(*) FILTER (WHERE matched) AS matches, count(*) AS rows FROM sample
        ), last AS MATERIALIZED (
          SELECT published_at, id FROM sample ORDER BY published_at, id LIMIT 1
        ), candidates AS MATERIALIZED (
          -- Each way is gated by its LIMIT: a LIMIT of 0 returns at once, without starting what is under it.
          (SELECT id, language, published_at, search_vector FROM sample WHERE matched
           ${newest} LIMIT CASE WHEN ${dense} THEN ${RELEVANCE_CANDIDATES} ELSE 0 END)
          UNION ALL
          -- Dense, and fewer than enough in the sample: the walk goes on.
          (SELECT * FROM (SELECT ${candidate} FROM ${table} ${alias}
             WHERE ${tested} AND ${filters} AND (${alias}.published_at, ${alias}.id) < ((SELECT published_at FROM last), (SELECT id FROM last))) walk
           ${newest} LIMIT CASE WHEN ${dense} THEN greatest(0, ${RELEVANCE_CANDIDATES} - ${seen('matches')}) ELSE 0 END)
          UNION ALL
          -- Sparse: every match, from the GIN index.
          (SELECT * FROM (SELECT ${candidate} FROM ${table} ${alias} ${conditions.clause} OFFSET 0) everything
           ${newest} LIMIT CASE WHEN ${dense} THEN 0 ELSE ${RELEVANCE_CANDIDATES} END)
        ), ranked AS (
          SELECT candidate.id, ${scoreOf('candidate', 'candidate.language', asOf)} AS score FROM candidates candidate
        ), page AS MATERIALIZED (
          -- The page is cut before its rows are joined, so that only they are read in full.
          SELECT r.id, r.score FROM ranked r ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
          ORDER BY r.score ${direction}, r.id ${direction} LIMIT ${limitOf(page, conditions.values, true)}
        )
        SELECT ${columns}, r.score FROM page r JOIN ${table} ${alias} ON ${alias}.id = r.id ${joins}
        ORDER BY r.score ${direction}, r.id ${direction}`),
      conditions.values,
    );
    const hasMore = rows.length > page.window.size;
    if (hasMore) rows.length = page.window.size;
    if (!forward) rows.reverse();
    return { rows, hasMore };
  }

  /** How many rows match the search in all (not only the RELEVANCE candidates). */
  async count<Filter>(searched: Searched<Filter>, search: Search<Filter>): Promise<number> {
    const conditions = this.conditions(searched, search, false);
    const rows = await this.sql.read<{ n: number }>(
      oneOff(`SELECT count(*)::int AS n FROM ${searched.table} ${searched.alias} ${conditions.clause}`),
      conditions.values,
    );
    return rows[0].n;
  }

  /** The title (and a snippet, if the rows have text) of each row with the query's words marked, in no particular order. */
  highlights<Filter>(searched: Searched<Filter>, query: string, ids: readonly number[]): Promise<HighlightRow[]> {
    const values = [query, ids, MATCH_START + MATCH_END, TITLE_HEADLINE];
    // Without text, the statement has no $5 (PostgreSQL refuses a parameter it cannot type).
    return this.sql.read<HighlightRow>(highlightStatement(searched), searched.text === null ? values : [...values, SNIPPET_HEADLINE]);
  }

  /** The match and the filters; with `queryParameter`, the query is also parameter $1, which the scores' parses read. */
  private conditions<Filter>(searched: Searched<Filter>, search: Search<Filter>, queryParameter: boolean): Conditions {
    const conditions = new Conditions();
    if (queryParameter) conditions.values.push(search.query);
    conditions.where.push(matches(searched, search.query));
    return searched.conditions(search.filter, conditions);
  }
}
