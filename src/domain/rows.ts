import type { DbTimestamp } from './timestamp';

/** The formats a source can publish in. */
export const SOURCE_KINDS = ['RSS', 'ATOM', 'JSON_FEED', 'HTML'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * The rows the repositories read, as the services and the API see them. Timestamps are Date on
 * PGlite and PostgreSQL's UTC text on a server (see DbTimestamp); text arrays likewise (see TextArray).
 */

/** A text[] as the drivers hand it over: parsed (PGlite), or PostgreSQL's array text until selected. */
export type TextArray = string[] | string;

/** An article as lists read it: everything but the body, with its source and category beside it. */
export interface ArticleRow {
  id: number;
  url: string;
  title: string;
  summary: string | null;
  author: string | null;
  tags: TextArray;
  language: string | null;
  image_url: string | null;
  published_at: DbTimestamp;
  updated_at: DbTimestamp | null;
  first_seen_at: DbTimestamp;
  attribution: string | null;
  word_count: number;
  source_id: number;
  category_id: number | null;
  source_name: string;
  source_homepage_url: string | null;
  source_feed_url: string;
  source_kind: SourceKind;
  source_language: string | null;
  category_name: string | null;
  category_slug: string | null;
}

/** The heavy part of an article, read only when a query asks for it. */
export interface ArticleBodyRow {
  id: number;
  body: string | null;
  body_text: string | null;
}

/** A news item with its source beside it. */
export interface NewsItemRow {
  id: number;
  title: string;
  url: string;
  published_at: DbTimestamp;
  first_seen_at: DbTimestamp;
  article_id: number | null;
  story_id: number | null;
  source_id: number;
  source_name: string;
  source_homepage_url: string | null;
  source_feed_url: string;
  source_kind: SourceKind;
  source_language: string | null;
}

/** What a story filter looks at in one news item of a story: when, which source, and its article's category and language. */
export interface StoryItemFacets {
  story_id: number;
  published_at: DbTimestamp;
  source_id: number;
  category_slug: string | null;
  language: string | null;
}

/** A source with its fetch state and health. */
export interface SourceRow {
  id: number;
  name: string;
  homepage_url: string | null;
  feed_url: string;
  kind: SourceKind;
  language: string | null;
  fetch_interval_seconds: number;
  enabled: boolean;
  full_text: boolean;
  last_fetched_at: DbTimestamp | null;
  last_success_at: DbTimestamp | null;
  last_error: string | null;
  consecutive_failures: number;
  last_pages_failed: number;
  last_page_error: string | null;
  next_fetch_at: DbTimestamp;
  created_at: DbTimestamp;
}

/** How many articles and news items a source has given (counted only when asked for). */
export interface SourceCountsRow {
  id: number;
  article_count: number;
  news_item_count: number;
}

/** A source's identity and settings, as a mutation just wrote them. */
export interface SourceSettings {
  id: number;
  name: string;
  homepageUrl: string | null;
  feedUrl: string;
  kind: SourceKind;
  language: string | null;
}

/** A category row. */
export interface CategoryRow {
  id: number;
  name: string;
  slug: string;
}

/** An article a search found, with its score for the query. */
export interface ArticleSearchRow extends ArticleRow {
  score: number;
}

/** A news item a search found, with its score for the query. */
export interface NewsItemSearchRow extends NewsItemRow {
  score: number;
}

/** A found row's title and a snippet of its text (null for headlines, which have none), matched words between MATCH_START and MATCH_END. */
export interface HighlightRow {
  id: number;
  title: string;
  snippet: string | null;
}

/** A story as lists read it; `ordered_at` is the key of the list's order (see StoryRepository). */
export interface StoryRow {
  id: number;
  title: string;
  first_published_at: DbTimestamp;
  last_published_at: DbTimestamp;
  item_count: number;
  source_count: number;
  ordered_at: DbTimestamp;
}
