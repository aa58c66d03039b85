import type { ArticleListFilter } from '../db/repositories/article.repository';
import type { NewsItemListFilter } from '../db/repositories/news-item.repository';
import { ARTICLES, NEWS_ITEMS, Searched, SearchRepository } from '../db/repositories/search.repository';
import type { SourceRepository } from '../db/repositories/source.repository';
import { decodeScoreCursor, encodeScoreCursor, filterFingerprint } from '../domain/cursor';
import { escapeHtml } from '../domain/html-escape';
import { PageArgs, pageWindow } from '../domain/page';
import type { ArticleSearchRow, HighlightRow, NewsItemSearchRow } from '../domain/rows';
import type { DbTimestamp } from '../domain/timestamp';
import { checkSearchQuery, highlightHtml, SearchOrder } from '../domain/search';
import { ArticleQuery, toListFilter } from './article.service';
import { checkSourcesExist } from './filters';
import { NewsItemQuery, toNewsItemFilter } from './news-item.service';
import { ListPage, listPage, pageOf, pageRequest } from './pagination';

/** A found item's title and a snippet of its text (null for headlines) as HTML: escaped, the query's words in `<mark>`. */
export interface Highlights {
  title: string;
  snippet: string | null;
}

/** A page of search results; each row's highlights are read for the whole page at once, when first asked for. */
export interface SearchPage<Row> extends ListPage<Row> {
  highlightsOf(row: Row): Promise<Highlights>;
}

/** A row a search finds. */
type Found = { id: number; title: string; score: number; published_at: DbTimestamp };

/** Full-text search (README, "Search"). */
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly sources: SourceRepository,
  ) {}

  /** A page of the articles matching `text`, by relevance or newest first, within the filters. */
  async articles(text: string, query: ArticleQuery, order: SearchOrder, args: PageArgs): Promise<SearchPage<ArticleSearchRow>> {
    const filter = toListFilter(query);
    await checkSourcesExist(this.sources, filter.sourceIds);
    return this.page<ArticleListFilter, ArticleSearchRow>(ARTICLES, 'searchArticles', text, filter, order, args);
  }

  /** A page of the news items (headlines) matching `text`, by relevance or newest first, within the filters. */
  async newsItems(text: string, query: NewsItemQuery, order: SearchOrder, args: PageArgs): Promise<SearchPage<NewsItemSearchRow>> {
    const filter = toNewsItemFilter(query);
    await checkSourcesExist(this.sources, filter.sourceIds);
    return this.page<NewsItemListFilter, NewsItemSearchRow>(NEWS_ITEMS, 'searchNewsItems', text, filter, order, args);
  }

  private async page<Filter extends { from: Date | null; to: Date | null }, Row extends Found>(
    searched: Searched<Filter>,
    list: string,
    text: string,
    filter: Filter,
    order: SearchOrder,
    args: PageArgs,
  ): Promise<SearchPage<Row>> {
    const query = checkSearchQuery(text);
    const listKey = [list, query, filter, order];
    let page: ListPage<Row>;
    if (order === SearchOrder.NEWEST) {
      const request = pageRequest(args, listKey);
      const search = { query, filter, asOf: new Date() };
      page = listPage(request, await this.search.newest<Filter, Row>(searched, search, request.page), () => this.search.count(searched, search));
    } else {
      const window = pageWindow(args);
      const fingerprint = filterFingerprint(listKey);
      const after = args.after != null ? decodeScoreCursor(args.after, fingerprint, 'after') : null;
      const before = args.before != null ? decodeScoreCursor(args.before, fingerprint, 'before') : null;
      // Later pages rank as the first did: recency counts from the first page's instant, carried in the cursor.
      const asOf = (after ?? before)?.asOf ?? new Date();
      const search = { query, filter, asOf };
      const scorePage = { window, after, before };
      const result = await this.search.relevant<Filter, Row>(searched, search, scorePage);
      const cursorOf = (row: Row) => encodeScoreCursor({ score: row.score, id: row.id, asOf }, fingerprint);
      page = pageOf(scorePage, result, cursorOf, () => this.search.count(searched, search));
    }
    return { ...page, highlightsOf: this.highlighter(searched, query, page.rows) };
  }

  /** Reads the highlights of all `rows` in one statement on the first call, and answers every call from it. */
  private highlighter<Filter, Row extends Found>(searched: Searched<Filter>, query: string, rows: Row[]): (row: Row) => Promise<Highlights> {
    let read: Promise<Map<number, HighlightRow>> | undefined;
    return async (row) => {
      read ??= this.search.highlights(searched, query, rows.map((r) => r.id)).then((found) => new Map(found.map((h) => [h.id, h])));
      const marked = (await read).get(row.id);
      // Gone since the page was read: the title as it was, nothing marked.
      if (!marked) return { title: escapeHtml(row.title), snippet: null };
      return { title: highlightHtml(marked.title), snippet: marked.snippet === null ? null : highlightHtml(marked.snippet) };
    };
  }
}
