import type { ArticleSearch, SearchRepository } from '../db/repositories/search.repository';
import type { SourceRepository } from '../db/repositories/source.repository';
import { decodeScoreCursor, encodeScoreCursor, filterFingerprint } from '../domain/cursor';
import { escapeHtml } from '../domain/html-escape';
import { PageArgs, pageWindow } from '../domain/page';
import type { ArticleSearchRow, HighlightRow } from '../domain/rows';
import { checkSearchQuery, highlightHtml, SearchOrder } from '../domain/search';
import { ArticleQuery, toListFilter } from './article.service';
import { checkSourcesExist } from './filters';
import { ListPage, listPage, pageOf, pageRequest } from './pagination';

/** A found item's title and a snippet of its text as HTML: escaped, the query's words in `<mark>`. */
export interface Highlights {
  title: string;
  snippet: string;
}

/** A page of search results; each row's highlights are read for the whole page at once, when first asked for. */
export interface SearchPage<Row> extends ListPage<Row> {
  highlightsOf(row: Row): Promise<Highlights>;
}

/** Full-text search (README, "Search"). */
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly sources: SourceRepository,
  ) {}

  /** A page of the articles matching `text`, by relevance or newest first, within the filters. */
  async articles(text: string, query: ArticleQuery, order: SearchOrder, args: PageArgs): Promise<SearchPage<ArticleSearchRow>> {
    const searched = checkSearchQuery(text);
    const filter = toListFilter(query);
    await checkSourcesExist(this.sources, filter.sourceIds);
    const listKey = ['searchArticles', searched, filter, order];
    let page: ListPage<ArticleSearchRow>;
    let search: ArticleSearch;
    if (order === SearchOrder.NEWEST) {
      const request = pageRequest(args, listKey);
      search = { query: searched, filter, asOf: new Date() };
      page = listPage(request, await this.search.newest(search, request.page), () => this.search.count(search));
    } else {
      const window = pageWindow(args);
      const fingerprint = filterFingerprint(listKey);
      const after = args.after != null ? decodeScoreCursor(args.after, fingerprint, 'after') : null;
      const before = args.before != null ? decodeScoreCursor(args.before, fingerprint, 'before') : null;
      // Later pages rank as the first did: recency counts from the first page's instant, carried in the cursor.
      const asOf = (after ?? before)?.asOf ?? new Date();
      search = { query: searched, filter, asOf };
      const scorePage = { window, after, before };
      const result = await this.search.relevant(search, scorePage);
      const cursorOf = (row: ArticleSearchRow) => encodeScoreCursor({ score: row.score, id: row.id, asOf }, fingerprint);
      page = pageOf(scorePage, result, cursorOf, () => this.search.count(search));
    }
    return { ...page, highlightsOf: this.highlighter(searched, page.rows) };
  }

  /** Reads the highlights of all `rows` in one statement on the first call, and answers every call from it. */
  private highlighter(query: string, rows: ArticleSearchRow[]): (row: ArticleSearchRow) => Promise<Highlights> {
    let read: Promise<Map<number, HighlightRow>> | undefined;
    return async (row) => {
      read ??= this.search.highlights(query, rows.map((r) => r.id)).then((found) => new Map(found.map((h) => [h.id, h])));
      const marked = (await read).get(row.id);
      // Gone since the page was read: the title as it was, nothing marked.
      if (!marked) return { title: escapeHtml(row.title), snippet: '' };
      return { title: highlightHtml(marked.title), snippet: highlightHtml(marked.snippet) };
    };
  }
}
