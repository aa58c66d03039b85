import pg from 'pg';
import type { ScoreKeyset } from '../../domain/cursor';
import type { PageWindow } from '../../domain/page';
import type { ArticleSearchRow, HighlightRow } from '../../domain/rows';
import { MATCH_END, MATCH_START, RECENCY_HOURS, RECENCY_LIFT, RELEVANCE_CANDIDATES } from '../../domain/search';
import type { Sql } from '../sql';
import { ARTICLE_COLUMNS, ARTICLE_JOINS, ArticleListFilter, conditionsOf } from './article.repository';
import { Conditions } from './conditions';
import { KeysetPage, KeysetRows, keysetResult, keysetTail, limitOf, ListOrder, newestFirst } from './keyset';
import { oneOff, statement } from './statement';

/** One search: the query as the client wrote it (trimmed), the filters, and the instant scores are computed for. */
export interface ArticleSearch {
  query: string;
  filter: ArticleListFilter;
  asOf: Date;
}

/** A page request over search results ranked by (score, id), highest first. */
export interface ScorePage {
  window: PageWindow;
  after: ScoreKeyset | null;
  before: ScoreKeyset | null;
}

/** The text search configurations the migration made, by the key newsline_search_language() gives. */
const LANGUAGES = ['en', 'de', 'fr'] as const;

/**
 * The query as the language of article `alias` reads it. Each parse is a scalar subquery, which PostgreSQL
 * evaluates once per statement rather than once per row.
 */
function queryFor(alias: string): string {
  const parse = (key: string) => `(SELECT websearch_to_tsquery('newsline_${key}', $1))`;
  const cases = LANGUAGES.map((key) => `WHEN '${key}' THEN ${parse(key)}`).join(' ');
  return `CASE newsline_search_language(${alias}.language) ${cases} ELSE ${parse('simple')} END`;
}

/** The score of article `alias` (see RECENCY_LIFT): its text rank (title A 1.0, summary B 0.4, body C 0.2), lifted by recency as of `asOf`. */
function scoreOf(alias: string, asOf: string): string {
  const ageHours = `greatest(0, extract(epoch FROM ${asOf} - ${alias}.published_at)::float8 / 3600)`;
  return `ts_rank(${alias}.search_vector, ${queryFor(alias)}) * (1 + ${RECENCY_LIFT} / (1 + ${ageHours} / ${RECENCY_HOURS}))`;
}

/**
 * The match condition on article `a`, with the query written into the SQL as a literal (escaped by pg):
 * PostgreSQL then plans the statement for this query's own words, reading from its statistics on
 * `search_vector` how many articles hold them. That choice is the bounded design: for a word most
 * articles hold, walking the publication-time index newest first and testing each row reaches a page
 * (or the RELEVANCE candidates) after a few rows per result; for a rare word, the GIN index hands over
 * its few matches to be sorted. A parameter would get one plan for every query (the server runs with
 * plan_cache_mode = force_generic_plan), wrong for one kind or the other.
 */
function matches(query: string): string {
  return `a.search_vector @@ newsline_search_query(${pg.escapeLiteral(query)})`;
}

/** An instant written into SQL: ISO text from a Date, which holds no quote. */
const instant = (at: Date) => `'${at.toISOString()}'::timestamptz`;

/** Search results newest first are read by (published_at, id), as the article list is. */
const NEWEST = newestFirst<ArticleSearchRow>('a', 'published_at');

/** Options of ts_headline: the whole title, and the passage of 15 to 35 words of the text that best covers the matches. */
const MARKS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}`;
const TITLE_HEADLINE = `HighlightAll=true, ${MARKS}`;
const SNIPPET_HEADLINE = `MaxWords=35, MinWords=15, ${MARKS}`;

const HIGHLIGHTS = statement(`
  SELECT a.id,
         ts_headline(newsline_search_config(a.language), translate(a.title, $3, ''), ${queryFor('a')}, $4) AS title,
         ts_headline(newsline_search_config(a.language), translate(coalesce(a.body_text, a.summary, ''), $3, ''), ${queryFor('a')}, $5) AS snippet
  FROM article a WHERE a.id = ANY($2::int[])`);

/** All SQL of full-text search. */
export class SearchRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of the articles matching the search, newest first. */
  async newest(search: ArticleSearch, page: KeysetPage): Promise<KeysetRows<ArticleSearchRow>> {
    const conditions = this.conditions(search, true);
    const tail = keysetTail(NEWEST as ListOrder<unknown>, page, conditions.where, conditions.values, true);
    const rows = await this.sql.read<ArticleSearchRow>(
      oneOff(`SELECT ${ARTICLE_COLUMNS}, ${scoreOf('a', instant(search.asOf))} AS score FROM article a ${ARTICLE_JOINS} ${conditions.clause} ${tail}`),
      conditions.values,
    );
    return keysetResult(rows, page, NEWEST);
  }

  /**
   * One page of the articles matching the search, highest score first: of the newest RELEVANCE_CANDIDATES
   * matches first seen by `asOf`, so that every page of one search ranks the same set the same way.
   */
  async relevant(search: ArticleSearch, page: ScorePage): Promise<{ rows: ArticleSearchRow[]; hasMore: boolean }> {
    const asOf = instant(search.asOf);
    const conditions = this.conditions(search, true);
    conditions.where.push(`a.first_seen_at <= ${asOf}`);
    const outer: string[] = [];
    const forward = page.window.direction === 'forward';
    for (const [key, operator] of [[page.after, '<'], [page.before, '>']] as const) {
      if (!key) continue;
      conditions.values.push(key.score, key.id);
      outer.push(`(r.score, r.id) ${operator} ($${conditions.values.length - 1}::float8, $${conditions.values.length}::int)`);
    }
    const direction = forward ? 'DESC' : 'ASC';
    const rows = await this.sql.read<ArticleSearchRow>(
      oneOff(`
        WITH candidates AS MATERIALIZED (
          SELECT a.id, a.language, a.published_at, a.search_vector FROM article a ${conditions.clause}
          ORDER BY a.published_at DESC, a.id DESC LIMIT ${RELEVANCE_CANDIDATES}
        ), ranked AS (
          SELECT a.id, ${scoreOf('a', asOf)} AS score FROM candidates a
        )
        SELECT ${ARTICLE_COLUMNS}, r.score FROM ranked r JOIN article a ON a.id = r.id ${ARTICLE_JOINS}
        ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
        ORDER BY r.score ${direction}, r.id ${direction} LIMIT ${limitOf(page, conditions.values, true)}`),
      conditions.values,
    );
    const hasMore = rows.length > page.window.size;
    if (hasMore) rows.length = page.window.size;
    if (!forward) rows.reverse();
    return { rows, hasMore };
  }

  /** How many articles match the search in all (not only the RELEVANCE candidates). */
  async count(search: ArticleSearch): Promise<number> {
    const conditions = this.conditions(search, false);
    const rows = await this.sql.read<{ n: number }>(oneOff(`SELECT count(*)::int AS n FROM article a ${conditions.clause}`), conditions.values);
    return rows[0].n;
  }

  /** The title and a snippet of each article with the query's words marked, in no particular order. */
  highlights(query: string, ids: readonly number[]): Promise<HighlightRow[]> {
    return this.sql.read<HighlightRow>(HIGHLIGHTS, [query, ids, MATCH_START + MATCH_END, TITLE_HEADLINE, SNIPPET_HEADLINE]);
  }

  /** The match and the filters; with `queryParameter`, the query is also parameter $1, which scoreOf's parses read. */
  private conditions(search: ArticleSearch, queryParameter: boolean): Conditions {
    const conditions = new Conditions();
    if (queryParameter) conditions.values.push(search.query);
    conditions.where.push(matches(search.query));
    return conditionsOf(search.filter, conditions);
  }
}
