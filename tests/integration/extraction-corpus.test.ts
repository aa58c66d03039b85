import { loadCorpus } from '../../bench/extraction/corpus';
import { halfF1, split } from '../../bench/extraction/cross-validation';
import { CorpusResult, runCorpus, worstPages } from '../../bench/extraction/run';

// Real pages from tests/corpora/article-extraction, scored with the benchmark's own metric. The figures are pinned
// exactly (to four places, as `npm run bench:extraction -- --cv` prints them): any change to a rule shows here, and
// whoever changes one states the new figures, on the corpus and on the held-out halves, with the change.
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

  it('scores F1 0.9888 (precision 0.9840, recall 0.9936); Readability.js alone scores 0.947 on the full benchmark', () => {
    expect([result.f1, result.precision, result.recall].map((x) => x.toFixed(4))).toEqual(['0.9888', '0.9840', '0.9936']);
  });

  it('scores the same on each half of the first split as the cross-validation reports', () => {
    const { halves } = split(result.pages.map((page) => page.id), 1);
    expect(halves.map((half) => halfF1(result.pages, half).toFixed(4))).toEqual(['0.9914', '0.9861']);
  });
});
