/**
 * The article-extraction benchmark: runs extractArticle over tests/corpora/article-extraction and scores
 * each page's bodyText against the ground truth with the benchmark's own metric (bench/extraction/metric.ts).
 *
 *   npm run bench:extraction [-- --corpus DIR] [-- --json] [-- --worst N]
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/domain/errors';
import { defaultCorpusDir, loadCorpus } from './extraction/corpus';
import { runCorpus, worstPages } from './extraction/run';

const USAGE = `Usage: npm run bench:extraction -- [options]

  --corpus DIR   the corpus: DIR/html/*.html.gz and DIR/ground-truth.json (default ${defaultCorpusDir()})
  --worst N      how many of the worst pages to list (default 10)
  --json         print one JSON object instead of the report
`;

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      corpus: { type: 'string', default: defaultCorpusDir() },
      worst: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const worst = Number(values.worst);
  if (!Number.isInteger(worst) || worst < 0) throw new Error(`--worst expects a whole number; got "${values.worst}".`);
  const corpus = loadCorpus(values.corpus);
  const result = runCorpus(corpus);
  const failed = result.pages.filter((page) => page.error !== null);
  const listed = worstPages(result.pages, worst);
  if (values.json) {
    const { pages, ...summary } = result;
    process.stdout.write(`${JSON.stringify({ corpus: values.corpus, ...summary, pageCount: pages.length, failed, worst: listed, pages }, null, 2)}\n`);
    return failed.length > 0 ? 1 : 0;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`corpus     ${values.corpus}`);
  say(`pages      ${result.pages.length}${failed.length > 0 ? ` (${failed.length} threw)` : ''}`);
  say(`F1         ${result.f1.toFixed(4)}`);
  say(`precision  ${result.precision.toFixed(4)}`);
  say(`recall     ${result.recall.toFixed(4)}`);
  say(`time/page  ${result.millisPerPage.toFixed(1)} ms`);
  if (listed.length > 0) {
    say(`\n${listed.length} worst pages by F1 (precision / recall):`);
    for (const page of listed) say(`  ${page.precision.toFixed(3)} / ${page.recall.toFixed(3)}  ${page.id.slice(0, 12)}  ${page.url}`);
  }
  for (const page of failed) say(`threw: ${page.id} ${page.url}: ${page.error}`);
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${errorMessage(error)}\n\n${USAGE}`);
  process.exitCode = 2;
}
