/**
 * The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark, evaluate.py), as
 * tests/corpora/README.md defines it: 4-token shingle multisets compared per page, normalized so every
 * page weighs the same, precision and recall averaged over pages, F1 of the two means.
 */

/** Shared, extra and missed shingles of one page, divided by their sum (all 0 when both texts are empty). */
export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Mean precision and recall over pages and the F1 of those means. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export const SHINGLE_SIZE = 4;

/**
 * Python's `\w` on str (letters, numbers, underscore; Unicode); the reference tokenizer keeps case.
 * The "u" flag makes \p{…} Unicode property classes work.
 */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The word tokens of a text, as `re.findall(r'\w+', text)` gives them. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The multiset of consecutive n-token shingles; a text of fewer tokens is one shingle, an empty text none. */
export function shingles(text: string, size = SHINGLE_SIZE): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  for (let i = 0; i < Math.max(1, tokens.length - size + 1); i += 1) {
    // A separator no token can contain keeps ("a b", "c") apart from ("a", "b c").
    const key = tokens.slice(i, i + size).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Compares one page's predicted text with its true text. */
export function comparePage(truth: string, predicted: string): PageCounts {
  const expected = shingles(truth);
  const actual = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const t = expected.get(key) ?? 0;
    const p = actual.get(key) ?? 0;
    tp += Math.min(t, p);
    fp += Math.max(0, p - t);
    fn += Math.max(0, t - p);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

/** Precision of one page: 1 when nothing is extra and nothing missed, 0 when nothing was shared. */
export function pagePrecision({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
}

/** Recall of one page: 1 when nothing is extra and nothing missed, 0 when nothing was shared. */
export function pageRecall({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Scores a set of pages. As in evaluate.py, a page where precision is undefined (nothing predicted:
 * tp + fp = 0) is left out of the precision mean, and one where recall is undefined out of the recall mean.
 */
export function score(pages: PageCounts[]): Scores {
  const precision = mean(pages.filter((p) => p.tp + p.fp > 0).map(pagePrecision));
  const recall = mean(pages.filter((p) => p.tp + p.fn > 0).map(pageRecall));
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
