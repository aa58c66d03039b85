/**
 * What bench:stories measures: the grouping of a labelled file (B-cubed against its labels), the same with
 * the stories interleaved in time, cross-validated tuning, and throughput with a window full of other stories.
 */
import { Random } from '../../src/demo/random';
import { DEFAULT_GROUPING_OPTIONS, StoryGrouper, type GroupingOptions } from '../../src/domain/stories/grouper';
import type { LabelledHeadline } from './corpus';
import { bCubed, type BCubed } from './metric';

/** A file's score and the speed of grouping it. */
export interface Run extends BCubed {
  headlines: number;
  stories: number;
  perSecond: number;
}

/** Groups the headlines, in the order given, with a fresh grouper (or `grouper`, already holding stories). */
export function groupAndScore(headlines: readonly LabelledHeadline[], options: GroupingOptions, grouper = new StoryGrouper(options)): Run {
  const started = process.hrtime.bigint();
  const predicted = headlines.map((headline) => grouper.add(headline).storyId);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const scores = bCubed(predicted, headlines.map((headline) => headline.story));
  return { ...scores, headlines: headlines.length, stories: new Set(predicted).size, perSecond: headlines.length / seconds };
}

/**
 * The same headlines with each given a random time within the file's span, then put in time order. In the
 * corpus each story's headlines arrive within a minute of each other and stories never overlap, which no live
 * feed does; this order shows what the text alone is worth.
 */
export function interleaved(headlines: readonly LabelledHeadline[], seed: number): LabelledHeadline[] {
  const random = new Random(seed);
  const first = headlines[0]?.publishedAt ?? 0;
  const span = (headlines[headlines.length - 1]?.publishedAt ?? 0) - first;
  return headlines
    .map((headline) => ({ ...headline, publishedAt: first + Math.floor(random.next() * span) }))
    .sort((a, b) => a.publishedAt - b.publishedAt || Number(a.id) - Number(b.id));
}

/** The file split by story in two halves (every other story by sorted label), each in time order. */
export function halves(headlines: readonly LabelledHeadline[]): [LabelledHeadline[], LabelledHeadline[]] {
  const labels = [...new Set(headlines.map((headline) => headline.story))].sort();
  const first = new Set(labels.filter((_, index) => index % 2 === 0));
  return [headlines.filter((h) => first.has(h.story)), headlines.filter((h) => !first.has(h.story))];
}

/** One point of the tuning grid. */
export interface Setting {
  threshold: number;
  sizeExponent: number;
  entityBoost: number;
}

/** The grid cross-validation searches: the score threshold, the story size's exponent and the boost of names. */
export function grid(): Setting[] {
  const settings: Setting[] = [];
  for (const threshold of [0.15, 0.2, 0.25, 0.3, 0.35]) {
    for (const sizeExponent of [0.2, 0.3, 0.4]) {
      for (const entityBoost of [1, 1.5]) settings.push({ threshold, sizeExponent, entityBoost });
    }
  }
  return settings;
}

/** The grouping options with one grid point applied. */
export function withSetting(options: GroupingOptions, setting: Setting): GroupingOptions {
  return {
    terms: { ...options.terms, entityBoost: setting.entityBoost },
    scoring: { ...options.scoring, threshold: setting.threshold, sizeExponent: setting.sizeExponent },
  };
}

/** One fold: the setting that scored best on `train` (mean F1 of its time order and an interleaved order) and its F1 on both. */
export interface Fold {
  setting: Setting;
  trainF1: number;
  testF1: number;
  testInterleavedF1: number;
}

/** Tunes on one half, scores the other, and the other way round. */
export function crossValidate(headlines: readonly LabelledHeadline[], options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Fold[] {
  const [a, b] = halves(headlines);
  return [fold(a, b, options), fold(b, a, options)];
}

function fold(train: LabelledHeadline[], test: LabelledHeadline[], options: GroupingOptions): Fold {
  const trainInterleaved = interleaved(train, 1);
  let best: { setting: Setting; f1: number } | null = null;
  for (const setting of grid()) {
    const tuned = withSetting(options, setting);
    const f1 = (groupAndScore(train, tuned).f1 + groupAndScore(trainInterleaved, tuned).f1) / 2;
    if (best === null || f1 > best.f1) best = { setting, f1 };
  }
  const tuned = withSetting(options, best!.setting);
  return {
    setting: best!.setting,
    trainF1: best!.f1,
    testF1: groupAndScore(test, tuned).f1,
    testInterleavedF1: groupAndScore(interleaved(test, 1), tuned).f1,
  };
}

/** Words of any news headline, which a live window holds in thousands of stories: their index entries are long. */
const NEWS_WORDS = (
  'report year week market first world time day video update live people state government police court price ' +
  'deal plan city home police game show star film music health study company bank stock sale chief test school'
).split(' ');

/**
 * A grouper whose window already holds `count` stories of two or three headlines each, all dated within the hour
 * before the file's first headline. Each story has six words of its own, each headline about
 * 70% of them; the rest are drawn from a Zipf-distributed
 * made-up vocabulary of 50,000 words and from common news words, which the file's headlines use too, so looking
 * those up meets thousands of stories, as in a live database.
 */
export function prefilled(headlines: readonly LabelledHeadline[], count: number, options: GroupingOptions, seed = 7): StoryGrouper {
  const random = new Random(seed);
  const zipf = zipfSampler(50_000, random);
  const grouper = new StoryGrouper(options);
  const start = (headlines[0]?.publishedAt ?? 0) - 3_600_000;
  // Until the window holds `count` stories: some generated headlines join a story made before theirs.
  for (let story = 0; grouper.storyCount < count; story += 1) {
    const own = Array.from({ length: 6 }, (_, index) => `own${story}x${index}`);
    const publishedAt = start + Math.floor(Math.min(story / count, 1) * 3_600_000);
    for (let item = random.int(2, 3); item > 0; item -= 1) {
      const words = [...own.filter(() => random.chance(0.7)), `vocab${zipf()}`, random.pick(NEWS_WORDS)];
      grouper.add({ title: words.join(' '), publishedAt });
    }
  }
  return grouper;
}

/** Draws 0..size-1 with probability proportional to 1/(rank+1). */
function zipfSampler(size: number, random: Random): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) cumulative[rank] = total += 1 / (rank + 1);
  return () => {
    const target = random.next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
