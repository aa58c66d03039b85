import { errorMessage } from '../../src/domain/errors';
import { extractArticle } from '../../src/ingest/extract';
import { ALL_RULES, type ExtractionRules } from '../../src/ingest/extract/rules';
import type { CorpusPage } from './corpus';
import { comparePage, PageCounts, pagePrecision, pageRecall, score, Scores } from './metric';

/** How the extractor did on one page. */
export interface PageResult {
  id: string;
  url: string;
  precision: number;
  recall: number;
  counts: PageCounts;
  /** Milliseconds extractArticle took. */
  millis: number;
  /** The message of the error extractArticle threw, if it threw. */
  error: string | null;
}

/** How the extractor did on the whole corpus. */
export interface CorpusResult extends Scores {
  pages: PageResult[];
  /** Mean milliseconds per page. */
  millisPerPage: number;
}

/** Runs extractArticle (with `rules`) on every page (the ground-truth URL as the page URL) and scores its bodyText. */
export function runCorpus(corpus: CorpusPage[], rules: ExtractionRules = ALL_RULES): CorpusResult {
  const pages = corpus.map((page): PageResult => {
    const started = performance.now();
    let predicted = '';
    let error: string | null = null;
    try {
      predicted = extractArticle(page.html, page.url, rules).bodyText ?? '';
    } catch (thrown) {
      error = errorMessage(thrown);
    }
    const millis = performance.now() - started;
    const counts = comparePage(page.articleBody, predicted);
    return { id: page.id, url: page.url, precision: pagePrecision(counts), recall: pageRecall(counts), counts, millis, error };
  });
  const millisPerPage = pages.reduce((sum, page) => sum + page.millis, 0) / Math.max(1, pages.length);
  return { ...score(pages.map((page) => page.counts)), pages, millisPerPage };
}

/** The pages with the lowest per-page F1, worst first. */
export function worstPages(pages: PageResult[], count: number): PageResult[] {
  const f1 = (p: PageResult) => (p.precision + p.recall === 0 ? 0 : (2 * p.precision * p.recall) / (p.precision + p.recall));
  return [...pages].sort((a, b) => f1(a) - f1(b) || a.id.localeCompare(b.id)).slice(0, count);
}
