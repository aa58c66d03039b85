/**
 * How much of feedparser's own test expectations Newsline's feed reader meets (tests/corpora/feedparser,
 * scored by bench/feedparser/score.ts): the share of expectations met, overall and by kind, and the misses.
 *
 *   npm run score:feeds [-- --corpus DIR] [-- --json]
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/domain/errors';
import { defaultCorpusDir, scoreCorpus, tally } from './feedparser/score';

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { corpus: { type: 'string', default: defaultCorpusDir() }, json: { type: 'boolean', default: false } },
  });
  const result = scoreCorpus(values.corpus);
  const rows = tally(result.checks);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ corpus: values.corpus, score: rows, ...result }, null, 2)}\n`);
    return 0;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`corpus  ${values.corpus}`);
  for (const { kind, passed, total } of rows) {
    say(`${kind.padEnd(12)} ${((100 * passed) / total).toFixed(1).padStart(5)}%  (${passed}/${total})`);
  }
  const missed = result.checks.filter((check) => !check.passed);
  if (missed.length > 0) say(`\nmissed (${missed.length}):`);
  for (const check of missed) say(`  ${check.file}: ${check.path} expected ${check.expected}, got ${check.actual}`);
  say(`\nnot scored (${result.excluded.length}): Newsline has no such field`);
  for (const { file, path, reason } of result.excluded) say(`  ${file}: ${path}: ${reason}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`score:feeds: ${errorMessage(error)}\n`);
  process.exitCode = 2;
}
