/**
 * How long an answer may be kept by HTTP caches (browsers, CDNs, proxies), per type and per field, with Apollo's
 * cache-hint semantics (https://www.apollographql.com/docs/apollo-server/performance/caching): a field that
 * returns an object, and every root field, is kept as long as its field hint says, else its type's hint, else not
 * at all (0); `inherit` adds no limit of its own (the connections and edges around the items); a scalar field adds
 * a limit only when it has a hint. An answer is kept as long as the shortest limit of the fields its operation
 * asks for (README, "Caching").
 *
 * One table rather than decorators spread over the type files, so the whole policy reads in one place; every name
 * in it is checked against the schema when the policy is made, so a renamed type or field cannot lose its hint.
 */
export type CacheHint = { maxAge: number } | 'inherit';

/** What every ingest can change: lists, counts, stories, fetch state, which article a headline points to. */
export const SHORT_MAX_AGE = 5;

/** What a stored article, headline, source or category keeps once written. */
export const LONG_MAX_AGE = 300;

const SHORT: CacheHint = { maxAge: SHORT_MAX_AGE };
const LONG: CacheHint = { maxAge: LONG_MAX_AGE };

/** Hints of types; a type without one is not kept (an abstract type without one: the shortest of its implementations). */
export const TYPE_HINTS: Readonly<Record<string, CacheHint>> = {
  Article: LONG,
  NewsItem: LONG,
  Source: LONG,
  Category: LONG,
  Story: SHORT,
  SourceHealth: SHORT,
  PageInfo: 'inherit',
  SearchHighlights: 'inherit',
  ...Object.fromEntries(
    ['Article', 'NewsItem', 'Source', 'Story', 'ArticleSearch', 'NewsItemSearch'].flatMap((list) => [
      [`${list}Connection`, 'inherit'],
      [`${list}Edge`, 'inherit'],
    ]),
  ),
};

/** Hints of fields, as `Type.field`; they replace the hint of the type the field returns. */
export const FIELD_HINTS: Readonly<Record<string, CacheHint>> = {
  'Query.articles': SHORT,
  'Query.newsItems': SHORT,
  'Query.searchArticles': SHORT,
  'Query.searchNewsItems': SHORT,
  'Query.stories': SHORT,
  'Query.sources': SHORT,
  'Query.categories': SHORT,
  'Article.newsItems': SHORT,
  'Article.alsoReportedBy': SHORT,
  'NewsItem.article': SHORT,
};
