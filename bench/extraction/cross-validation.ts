/**
 * Cross-validation of the extraction rules on the corpus: the pages are split in two halves by a stable hash of
 * their file names (one split per seed), every rule is switched off in turn, and each rule is judged on one half
 * and scored on the other. A rule that helps on pages it was not judged on generalizes; one that helps a single
 * page, or only the half that holds its page, learned that page.
 */
import { createHash } from 'node:crypto';
import { ALL_RULES, EXTRACTION_RULES, type ExtractionRule, type ExtractionRules } from '../../src/ingest/extract/rules';
import type { CorpusPage } from './corpus';
import { score } from './metric';
import { type PageResult, runCorpus } from './run';

/** One split: the page ids of each half. */
export interface Split {
  seed: number;
  halves: [Set<string>, Set<string>];
}

/** The corpus split in two halves of (nearly) equal size, ordered by sha256(seed:file name). */
export function split(ids: readonly string[], seed: number): Split {
  const key = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  const ordered = [...ids].sort((a, b) => key(a).localeCompare(key(b)));
  const middle = Math.ceil(ordered.length / 2);
  return { seed, halves: [new Set(ordered.slice(0, middle)), new Set(ordered.slice(middle))] };
}

/** F1 over the pages of one half. */
export function halfF1(pages: readonly PageResult[], half: ReadonlySet<string>): number {
  return score(pages.filter((page) => half.has(page.id)).map((page) => page.counts)).f1;
}

/** Per-page F1, as the benchmark's per-page precision and recall give it. */
function pageF1(page: PageResult): number {
  return page.precision + page.recall === 0 ? 0 : (2 * page.precision * page.recall) / (page.precision + page.recall);
}

/** What one rule adds: on the whole corpus, per page, and on held-out halves. */
export interface RuleEffect {
  rule: ExtractionRule;
  /** F1 of the corpus with every rule minus F1 without this one. */
  gain: number;
  /** Pages whose F1 the rule raises / lowers by more than 0.001. */
  helped: number;
  hurt: number;
  /** Mean over the held-out halves of (F1 with every rule − F1 without this one). */
  heldOutGain: number;
  /** Folds (split × direction) where the rule, judged on the training half, raised the held-out half's F1. */
  heldOutWins: number;
}

/** One fold: rules kept by their effect on the training half, and the held-out half's F1 with them and with all. */
export interface Fold {
  seed: number;
  /** Which half was held out (0 or 1). */
  heldOut: number;
  kept: ExtractionRule[];
  tunedF1: number;
  allRulesF1: number;
}

/** The cross-validation's findings. */
export interface CrossValidation {
  /** F1 of each held-out half with every rule, by seed: [half 1, half 2]. */
  halves: { seed: number; f1: [number, number] }[];
  effects: RuleEffect[];
  folds: Fold[];
}

/**
 * Runs the corpus with every rule and with each rule off, then, for each seed and each half held out, keeps the
 * rules whose removal lowers the other half's F1 and scores the held-out half with those rules.
 */
export function crossValidate(corpus: CorpusPage[], seeds: readonly number[], rules: readonly ExtractionRule[] = EXTRACTION_RULES): CrossValidation {
  const all = runCorpus(corpus).pages;
  const without = new Map(rules.map((rule) => [rule, runCorpus(corpus, new Set([...ALL_RULES].filter((r) => r !== rule))).pages]));
  const splits = seeds.map((seed) => split(corpus.map((page) => page.id), seed));
  const folds: Fold[] = [];
  const held = (pages: PageResult[], s: Split, h: number) => halfF1(pages, s.halves[h]);
  for (const s of splits) {
    for (const heldOut of [0, 1]) {
      const train = 1 - heldOut;
      const kept = rules.filter((rule) => held(all, s, train) > held(without.get(rule)!, s, train));
      const keptRules: ExtractionRules = new Set([...ALL_RULES].filter((rule) => !rules.includes(rule) || kept.includes(rule)));
      const tuned = kept.length === rules.length ? all : runCorpus(corpus.filter((page) => s.halves[heldOut].has(page.id)), keptRules).pages;
      folds.push({ seed: s.seed, heldOut, kept, tunedF1: halfF1(tuned, s.halves[heldOut]), allRulesF1: held(all, s, heldOut) });
    }
  }
  const corpusF1 = (pages: PageResult[]) => score(pages.map((page) => page.counts)).f1;
  const effects = rules.map((rule): RuleEffect => {
    const off = without.get(rule)!;
    const deltas = all.map((page, i) => pageF1(page) - pageF1(off[i]));
    const gains = splits.flatMap((s) => [0, 1].map((h) => ({ judged: held(all, s, 1 - h) - held(off, s, 1 - h), scored: held(all, s, h) - held(off, s, h) })));
    return {
      rule,
      gain: corpusF1(all) - corpusF1(off),
      helped: deltas.filter((d) => d > 0.001).length,
      hurt: deltas.filter((d) => d < -0.001).length,
      heldOutGain: gains.reduce((sum, g) => sum + g.scored, 0) / gains.length,
      heldOutWins: gains.filter((g) => g.judged > 0 && g.scored > 0).length,
    };
  });
  return { halves: splits.map((s) => ({ seed: s.seed, f1: [held(all, s, 0), held(all, s, 1)] })), effects, folds };
}
