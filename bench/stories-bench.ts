/**
 * The story-grouping benchmark: feeds a labelled headline file in time order through the grouper ingest uses
 * (src/domain/stories) and prints B-cubed precision, recall and F1, headlines/s, the same with the stories
 * interleaved in time, the two-fold cross-validation of its settings, and throughput with a full window.
 *
 *   npm run bench:stories [-- --file PATH] [-- --window-stories N] [-- --no-tune]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_GROUPING_OPTIONS, type GroupingOptions } from '../src/domain/stories/grouper';
import { optionsOrExit, UsageError, wholeNumber } from './flags';
import { defaultCorpusFile, loadHeadlines } from './stories/corpus';
import { crossValidate, groupAndScore, interleaved, prefilled, type Run } from './stories/run';

const USAGE = `Usage: npm run bench:stories -- [options]

  --file PATH          a file with the columns of tests/corpora/story-clustering/headlines.csv (default ${defaultCorpusFile()})
  --window-stories N   stories put in the window before timing throughput (default 100000; 0 skips it)
  --no-tune            skip the cross-validation (it runs the grid on each half: about a minute)
`;

interface Options {
  file: string;
  windowStories: number;
  tune: boolean;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      file: { type: 'string', default: defaultCorpusFile() },
      'window-stories': { type: 'string', default: '100000' },
      'no-tune': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  return { file: values.file, windowStories: wholeNumber('window-stories', values['window-stories'], 0, 10_000_000), tune: !values['no-tune'] };
}

/** The default method with one signal removed or changed, to say what each adds. */
function signals(): [string, GroupingOptions][] {
  const { terms, scoring } = DEFAULT_GROUPING_OPTIONS;
  return [
    ['no stemming', { terms: { ...terms, stem: false }, scoring }],
    ['names weighed x2', { terms: { ...terms, entityBoost: 2 }, scoring }],
    ['numbers weighed x2', { terms: { ...terms, numberBoost: 2 }, scoring }],
    ['no story-size factor (threshold 0.07)', { terms, scoring: { ...scoring, sizeExponent: 0, threshold: 0.07 } }],
    ['no time decay', { terms, scoring: { ...scoring, halfLifeHours: Infinity } }],
    ['time decay, half-life 2 h', { terms, scoring: { ...scoring, halfLifeHours: 2 } }],
  ];
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const figures = (run: Run) =>
  `F1 ${run.f1.toFixed(3)}  P ${run.precision.toFixed(3)}  R ${run.recall.toFixed(3)}  ${run.stories} stories  ${Math.round(run.perSecond).toLocaleString('en')} headlines/s`;

function main(): void {
  const options = optionsOrExit(() => parse(process.argv.slice(2)), USAGE);
  const headlines = loadHeadlines(options.file);
  const labels = new Set(headlines.map((headline) => headline.story)).size;
  say(`file         ${options.file}: ${headlines.length} headlines, ${labels} labelled stories`);
  say(`settings     ${JSON.stringify(DEFAULT_GROUPING_OPTIONS.scoring)} ${JSON.stringify(DEFAULT_GROUPING_OPTIONS.terms)}`);
  groupAndScore(headlines, DEFAULT_GROUPING_OPTIONS); // warm-up: the first run pays for compiling
  const run = groupAndScore(headlines, DEFAULT_GROUPING_OPTIONS);
  say(`time order   ${figures(run)}`);
  for (const seed of [1, 2, 3]) say(`interleaved  ${figures(groupAndScore(interleaved(headlines, seed), DEFAULT_GROUPING_OPTIONS))}  (seed ${seed})`);
  say('signals      F1 in time order / interleaved (seed 1) with one signal changed:');
  for (const [name, changed] of signals()) {
    const timeOrder = groupAndScore(headlines, changed).f1;
    say(`  ${name.padEnd(40)} ${timeOrder.toFixed(3)} / ${groupAndScore(interleaved(headlines, 1), changed).f1.toFixed(3)}`);
  }
  if (options.tune) {
    for (const [index, fold] of crossValidate(headlines).entries()) {
      say(
        `fold ${index + 1}       tuned on half ${index + 1} ${JSON.stringify(fold.setting)}: F1 ${fold.trainF1.toFixed(3)} there; ` +
          `on half ${2 - index}: F1 ${fold.testF1.toFixed(3)} in time order, ${fold.testInterleavedF1.toFixed(3)} interleaved`,
      );
    }
  }
  if (options.windowStories > 0) {
    const started = Date.now();
    const grouper = prefilled(headlines, options.windowStories, DEFAULT_GROUPING_OPTIONS);
    const filled = grouper.storyCount;
    const seconds = (Date.now() - started) / 1000;
    const full = groupAndScore(headlines, DEFAULT_GROUPING_OPTIONS, grouper);
    say(
      `full window  ${figures(full)} with ${filled.toLocaleString('en')} stories in the window at the start ` +
        `(${grouper.storyCount.toLocaleString('en')} at the end; filled in ${seconds.toFixed(1)} s)`,
    );
  }
  say(`stories: F1 ${run.f1.toFixed(3)} P ${run.precision.toFixed(3)} R ${run.recall.toFixed(3)} on ${run.headlines} headlines`);
}

main();
