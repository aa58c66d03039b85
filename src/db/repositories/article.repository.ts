import type { Sql } from '../sql';
import type { ArticleBodyRow, ArticleRow } from '../../domain/rows';
import { selectList } from './select-list';
import { Conditions, countWhere, readPage, readPagesByKey } from './conditions';
import { addLanguageRange } from './language-range';
import { KeysetPage, KeysetRows, newestFirst } from './keyset';
import { statement } from './statement';

/** Which articles a list holds; null means no restriction. */
export interface ArticleListFilter {
  from: Date | null;
  to: Date | null;
  sourceIds: number[] | null;
  categorySlugs: string[] | null;
  language: string | null;
  /** Only the articles of this story's news items. */
  storyId?: number | null;
}

/** The columns a list reads of each article (alias `a`), its source (`s`) and its category (`c`). */
export const ARTICLE_COLUMNS = selectList({
  id: 'a.id',
  url: 'a.url',
  title: 'a.title',
  summary: 'a.summary',
  author: 'a.author',
  tags: 'a.tags',
  language: 'a.language',
  image_url: 'a.image_url',
  published_at: 'a.published_at',
  updated_at: 'a.updated_at',
  first_seen_at: 'a.first_seen_at',
  attribution: 'a.attribution',
  word_count: 'a.word_count',
  source_id: 'a.source_id',
  category_id: 'a.category_id',
  source_name: 's.name',
  source_homepage_url: 's.homepage_url',
  source_feed_url: 's.feed_url',
  source_kind: 's.kind',
  source_language: 's.language',
  category_name: 'c.name',
  category_slug: 'c.slug',
});

/** The joins ARTICLE_COLUMNS reads through: a lookup of the source and the category of article `a` by primary key each. */
export const ARTICLE_JOINS = `JOIN source s ON s.id = a.source_id
LEFT JOIN category c ON c.id = a.category_id`;

const LIST_COLUMNS = `${ARTICLE_COLUMNS} FROM article a ${ARTICLE_JOINS}`;

/** Articles are listed newest first by publication time. */
const ORDER = newestFirst<ArticleRow>('a', 'published_at');

/** The conditions of the filter on articles aliased `a`, added to `conditions` (a new set by default). */
export function conditionsOf(filter: ArticleListFilter, conditions = new Conditions()): Conditions {
  conditions.range('a.published_at', filter.from, filter.to).anyId('a.source_id', filter.sourceIds);
  if (filter.categorySlugs) {
    conditions.add((p) => `a.category_id IN (SELECT id FROM category WHERE slug = ANY(${p}::text[]))`, filter.categorySlugs);
  }
  if (filter.language) addLanguageRange(conditions, 'a.language', filter.language);
  if (filter.storyId) conditions.add((p) => `a.id IN (SELECT article_id FROM news_item WHERE story_id = ${p})`, filter.storyId);
  return conditions;
}

/** All SQL about articles. */
export class ArticleRepository {
  constructor(private readonly sql: Sql) {}

  /** One page of articles, newest first, in one statement that also reads their sources and categories. */
  list(filter: ArticleListFilter, page: KeysetPage): Promise<KeysetRows<ArticleRow>> {
    return readPage(this.sql, LIST_COLUMNS, conditionsOf(filter), ORDER, page);
  }

  /** The first (or last) page of each story's articles, newest first, in one statement; in the order of `storyIds`. */
  firstPagesOfStories(storyIds: readonly number[], page: KeysetPage): Promise<KeysetRows<ArticleRow>[]> {
    const conditions = new Conditions().also('a.id IN (SELECT article_id FROM news_item WHERE story_id = k.key)');
    return readPagesByKey(this.sql, LIST_COLUMNS, conditions, ORDER, page, storyIds);
  }

  /** How many articles each of these stories has (the distinct articles of its news items), by story id (none: absent). */
  async countsOfStories(storyIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.sql.read<{ key: number; n: number }>(
      statement(`SELECT story_id AS key, count(DISTINCT article_id)::int AS n FROM news_item
        WHERE story_id = ANY($1::int[]) AND article_id IS NOT NULL GROUP BY story_id`),
      [storyIds],
    );
    return new Map(rows.map((row) => [row.key, row.n]));
  }

  /** How many articles the filter matches. */
  count(filter: ArticleListFilter): Promise<number> {
    return countWhere(this.sql, 'article a', conditionsOf(filter));
  }

  /** The articles with these ids, in no particular order. */
  byIds(ids: readonly number[]): Promise<ArticleRow[]> {
    return this.sql.read<ArticleRow>(statement(`SELECT ${LIST_COLUMNS} WHERE a.id = ANY($1::int[])`), [ids]);
  }

  /** The article stored under this canonical URL, if any. */
  async byUrl(url: string): Promise<ArticleRow | null> {
    const rows = await this.sql.read<ArticleRow>(statement(`SELECT ${LIST_COLUMNS} WHERE a.url = $1`), [url]);
    return rows[0] ?? null;
  }

  /** The bodies of these articles, in no particular order. */
  bodies(ids: readonly number[]): Promise<ArticleBodyRow[]> {
    return this.sql.read<ArticleBodyRow>(
      statement('SELECT id, body, body_text FROM article WHERE id = ANY($1::int[])'),
      [ids],
    );
  }
}
