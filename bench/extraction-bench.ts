/**
 * The article-extraction benchmark: runs extractArticle over tests/corpora/article-extraction and scores
 * each page's bodyText against the ground truth with the benchmark's own metric (bench/extraction/metric.ts).
 *
 *   npm run bench:extraction [-- --corpus DIR] [-- --json] [-- --worst N] [-- --cv [--seeds N]]
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/domain/errors';
import { defaultCorpusDir, loadCorpus } from './extraction/corpus';
import { crossValidate, type CrossValidation } from './extraction/cross-validation';
import { runCorpus, worstPages } from './extraction/run';

const USAGE = `Usage: npm run bench:extraction -- [options]

  --corpus DIR   the corpus: DIR/html/*.html.gz and DIR/ground-truth.json (default ${defaultCorpusDir()})
  --worst N      how many of the worst pages to list (default 10)
  --json         print one JSON object instead of the report
  --cv           also cross-validate the rules: each switched off in turn, judged on one half, scored on the other
  --seeds N      how many random splits in two halves the cross-validation uses (default 5)
`;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The cross-validation as lines of text. */
function cvReport(cv: CrossValidation): string[] {
  const lines = [`\ncross-validation: ${cv.halves.length} splits in two halves by sha256(seed:file name), ${cv.folds.length} folds`];
  const heldOut = cv.halves.flatMap((h) => h.f1);
  lines.push(`every rule, held-out halves: ${cv.halves.map((h) => `seed ${h.seed} ${h.f1[0].toFixed(4)} / ${h.f1[1].toFixed(4)}`).join(', ')}`);
  lines.push(`  mean ${mean(heldOut).toFixed(4)}, lowest ${Math.min(...heldOut).toFixed(4)}`);
  lines.push('\nrule                 corpus gain  pages helped / hurt  held-out gain  folds won (judged and scored > 0)');
  for (const e of cv.effects) {
    lines.push(`${e.rule.padEnd(20)} ${e.gain.toFixed(4).padStart(11)}  ${String(e.helped).padStart(12)} / ${String(e.hurt).padEnd(4)}  ${e.heldOutGain.toFixed(4).padStart(13)}  ${e.heldOutWins}/${cv.folds.length}`);
  }
  lines.push('\nrules chosen on one half (kept when switching them off lowers its F1), scored on the other:');
  for (const f of cv.folds) {
    const dropped = cv.effects.map((e) => e.rule).filter((rule) => !f.kept.includes(rule));
    lines.push(`  seed ${f.seed} half ${f.heldOut + 1} held out: ${f.tunedF1.toFixed(4)} (every rule ${f.allRulesF1.toFixed(4)}); dropped: ${dropped.join(', ') || 'none'}`);
  }
  lines.push(`  mean held-out F1: chosen ${mean(cv.folds.map((f) => f.tunedF1)).toFixed(4)}, every rule ${mean(cv.folds.map((f) => f.allRulesF1)).toFixed(4)}`);
  return lines;
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      corpus: { type: 'string', default: defaultCorpusDir() },
      worst: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      cv: { type: 'boolean', default: false },
      seeds: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const worst = Number(values.worst);
  if (!Number.isInteger(worst) || worst < 0) throw new Error(`--worst expects a whole number; got "${values.worst}".`);
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds expects a whole number of 1 or more; got "${values.seeds}".`);
  const corpus = loadCorpus(values.corpus);
  const result = runCorpus(corpus);
  const cv = values.cv ? crossValidate(corpus, Array.from({ length: seeds }, (_, i) => i + 1)) : null;
  const failed = result.pages.filter((page) => page.error !== null);
  const listed = worstPages(result.pages, worst);
  if (values.json) {
    const { pages, ...summary } = result;
    process.stdout.write(`${JSON.stringify({ corpus: values.corpus, ...summary, pageCount: pages.length, failed, worst: listed, crossValidation: cv, pages }, null, 2)}\n`);
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
  if (cv) cvReport(cv).forEach(say);
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${errorMessage(error)}\n\n${USAGE}`);
  process.exitCode = 2;
}
