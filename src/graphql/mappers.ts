import type { ArticleRow, CategoryRow, NewsItemRow, SourceRow, StoryRow } from '../domain/rows';
import { Story } from './types/story.type';
import { toGlobalId } from '../domain/global-id';
import { readingTimeMinutes } from '../domain/reading';
import type { ListPage } from '../services/pagination';
import type { Highlights, SearchPage } from '../services/search.service';
import { Article } from './types/article.type';
import { Category } from './types/category.type';
import { NewsItem } from './types/news-item.type';
import { Source, SourceHealth, SourceKind } from './types/source.type';

/** Maps an article row to the API's Article. */
export function toArticle(row: ArticleRow): Article {
  const article = new Article();
  article.id = toGlobalId('Article', row.id);
  article.rowId = row.id;
  article.sourceId = row.source_id;
  article.categoryId = row.category_id;
  article.url = row.url;
  article.title = row.title;
  article.summary = row.summary;
  article.author = row.author;
  article.tagsValue = row.tags;
  article.language = row.language;
  article.imageUrl = row.image_url;
  article.publishedAt = row.published_at;
  article.updatedAt = row.updated_at;
  article.firstSeenAt = row.first_seen_at;
  article.attribution = row.attribution;
  article.wordCount = row.word_count;
  article.readingTimeMinutes = readingTimeMinutes(row.word_count);
  return article;
}

/** The source columns that list queries read beside each row. */
type SourceColumns = Pick<ArticleRow, 'source_id' | 'source_name' | 'source_homepage_url' | 'source_feed_url' | 'source_kind' | 'source_language'>;

/** The related columns a list row may carry: its source's, and its category's when it has one. */
export type JoinedColumns = SourceColumns & Partial<Pick<ArticleRow, 'category_id' | 'category_name' | 'category_slug'>>;

/** Maps the source columns of a list row to the API's Source. */
export function toJoinedSource(row: SourceColumns): Source {
  const source = new Source();
  source.id = toGlobalId('Source', row.source_id);
  source.rowId = row.source_id;
  source.name = row.source_name;
  source.homepageUrl = row.source_homepage_url;
  source.feedUrl = row.source_feed_url;
  source.kind = row.source_kind as SourceKind;
  source.language = row.source_language;
  return source;
}

/** Maps a source row to the API's Source. */
export function toSource(row: SourceRow): Source {
  return toJoinedSource({
    source_id: row.id,
    source_name: row.name,
    source_homepage_url: row.homepage_url,
    source_feed_url: row.feed_url,
    source_kind: row.kind,
    source_language: row.language,
  });
}

/** Maps a source row to its health. */
export function toSourceHealth(row: SourceRow): SourceHealth {
  const health = new SourceHealth();
  health.enabled = row.enabled;
  health.fullText = row.full_text;
  health.fetchIntervalSeconds = row.fetch_interval_seconds;
  health.lastFetchedAt = row.last_fetched_at;
  health.lastSuccessAt = row.last_success_at;
  health.lastError = row.last_error;
  health.consecutiveFailures = row.consecutive_failures;
  health.pagesFailed = row.last_pages_failed;
  health.lastPageError = row.last_page_error;
  health.nextFetchAt = row.next_fetch_at;
  health.sourceRowId = row.id;
  return health;
}

/** Maps a category row (or an article row's category columns) to the API's Category. */
export function toCategory(row: CategoryRow): Category {
  const category = new Category();
  category.id = toGlobalId('Category', row.id);
  category.rowId = row.id;
  category.name = row.name;
  category.slug = row.slug;
  return category;
}

/** Maps a news item row to the API's NewsItem. */
export function toNewsItem(row: NewsItemRow): NewsItem {
  const item = new NewsItem();
  item.id = toGlobalId('NewsItem', row.id);
  item.rowId = row.id;
  item.sourceId = row.source_id;
  item.articleId = row.article_id;
  item.storyId = row.story_id;
  item.title = row.title;
  item.url = row.url;
  item.publishedAt = row.published_at;
  item.firstSeenAt = row.first_seen_at;
  return item;
}

/** Maps a story row to the API's Story. */
export function toStory(row: StoryRow): Story {
  const story = new Story();
  story.id = toGlobalId('Story', row.id);
  story.rowId = row.id;
  story.title = row.title;
  story.firstPublishedAt = row.first_published_at;
  story.lastPublishedAt = row.last_published_at;
  story.sourceCount = row.source_count;
  story.itemCount = row.item_count;
  return story;
}

/** An edge whose cursor is only encoded if the query asks for it. */
class Edge<Row, N> {
  constructor(
    readonly node: N,
    protected readonly row: Row,
    private readonly cursorOf: (row: Row) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.row);
  }
}

/** An edge of search results: its score, and highlights read only if the query asks for them. */
class SearchEdge<Row extends { score: number }, N> extends Edge<Row, N> {
  constructor(
    node: N,
    row: Row,
    private readonly page: SearchPage<Row>,
  ) {
    super(node, row, page.cursorOf);
  }

  get score(): number {
    return this.row.score;
  }

  get highlights(): Promise<Highlights> {
    return this.page.highlightsOf(this.row);
  }
}

/** Maps a page of search results to a Relay connection whose edges carry score and highlights. */
export function toSearchConnection<Row extends { score: number }, N>(page: SearchPage<Row>, toNode: (row: Row) => N) {
  return toConnection(page, toNode, (node, row) => new SearchEdge(node, row, page));
}

/**
 * A Relay page info whose cursors are read from the edges only if the query asks for them.
 *
 * Connections and page infos are class instances, not object literals with getters: under Node 20 and 24, each
 * literal with accessors made a hidden class of its own, held from the old generation until the next full collection,
 * which kept each request's page (its rows, loaders and results) alive through young collections: about 45 KB promoted
 * to the old generation per feed request, and scavenges of 15 to 20 ms (bench/README.md, "What the tail was made of").
 */
class PageInfo<Row, N> {
  constructor(
    private readonly edges: Edge<Row, N>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges.length ? this.edges[0].cursor : null;
  }

  get endCursor(): string | null {
    return this.edges.length ? this.edges[this.edges.length - 1].cursor : null;
  }
}

/** A Relay connection; `nodes` and `totalCount` are worked out only when selected (`totalCount` runs its query). */
class Connection<Row, N> {
  readonly pageInfo: PageInfo<Row, N>;

  constructor(
    readonly edges: Edge<Row, N>[],
    private readonly page: ListPage<Row>,
  ) {
    this.pageInfo = new PageInfo(edges, page.hasNextPage, page.hasPreviousPage);
  }

  get nodes(): N[] {
    return this.edges.map((edge) => edge.node);
  }

  get totalCount(): Promise<number> {
    return this.page.totalCount();
  }
}

/** Maps a list page to a Relay connection; `totalCount` runs its query only when selected. */
export function toConnection<Row, N>(
  page: ListPage<Row>,
  toNode: (row: Row) => N,
  toEdge: (node: N, row: Row) => Edge<Row, N> = (node, row) => new Edge(node, row, page.cursorOf),
): Connection<Row, N> {
  return new Connection(
    page.rows.map((row) => toEdge(toNode(row), row)),
    page,
  );
}
