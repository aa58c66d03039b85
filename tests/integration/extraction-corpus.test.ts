import { loadCorpus } from '../../bench/extraction/corpus';
import { CorpusResult, runCorpus, worstPages } from '../../bench/extraction/run';

/** The quality bar: Readability.js alone scores 0.947 on the full benchmark, trafilatura 0.958. */
const MIN_F1 = 0.95;

// Real pages from tests/corpora/article-extraction, scored with the benchmark's own metric.
describe('article extraction on the real-world corpus', () => {
  let result: CorpusResult;

  beforeAll(() => {
    result = runCorpus(loadCorpus());
    const worst = worstPages(result.pages, 5)
      .map((page) => `  ${page.precision.toFixed(3)} / ${page.recall.toFixed(3)}  ${page.url}`)
      .join('\n');
    process.stdout.write(
      `extraction corpus: ${result.pages.length} pages, F1 ${result.f1.toFixed(4)}, precision ${result.precision.toFixed(4)}, ` +
        `recall ${result.recall.toFixed(4)}, ${result.millisPerPage.toFixed(0)} ms/page\nworst (precision / recall):\n${worst}\n`,
    );
  }, 600_000);

  it('extracts every page without throwing', () => {
    expect(result.pages.filter((page) => page.error !== null)).toEqual([]);
  });

  it(`reaches F1 >= ${MIN_F1}`, () => {
    expect(result.f1).toBeGreaterThanOrEqual(MIN_F1);
  });
});
