/**
 * How a headline is scored against a story, the one rule both the in-memory grouper (bench:stories, tests) and the
 * database (ingest) follow: the TF-IDF cosine of the headline and the story's term profile (the sum of its
 * members' vectors), lowered by the time since the story's last headline. Pure and deterministic: the same inputs give the same
 * decision, whichever store holds the stories.
 */
import type { Term } from './terms';

/** The tunable part of the method; the defaults are what bench:stories cross-validated (see bench/README.md). */
export interface ScoringOptions {
  /** Least score for a headline to join a story; below it, it starts one. */
  threshold: number;
  /**
   * The cosine to a story of n headlines is multiplied by n to this power: a profile of many headlines is spread
   * over many words, so the same closeness gives a lower cosine, while a headline needs a close match to join
   * a story of one or two.
   */
  sizeExponent: number;
  /**
   * Stories count as this many headlines at most in the size factor: past it a profile is no more spread, and an
   * unbounded factor lets a big story swallow any headline that shares a common word with it.
   */
  sizeCap: number;
  /** The score halves for each this many hours between the story's last headline and this one. */
  halfLifeHours: number;
  /** Stories whose last headline is older than this are not candidates any more. */
  windowHours: number;
  /** For each of the headline's terms, how many stories that used it last are looked up in the index. */
  postingDepth: number;
  /** How many of the stories found are scored in full: those sharing the most weight with the headline. */
  maxCandidates: number;
}

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  threshold: 0.2,
  sizeExponent: 0.3,
  sizeCap: 50,
  halfLifeHours: 24,
  windowHours: 72,
  postingDepth: 30,
  maxCandidates: 30,
};

/** What the grouper knows about terms: how many headlines it has seen and in how many each term was. */
export interface TermStats {
  documents: number;
  frequency(term: string): number;
}

/** A weighed headline: term -> boost × IDF, and its Euclidean norm. */
export interface Vector {
  weights: Map<string, number>;
  norm: number;
}

/** A story as scoring needs it: its profile (the sum of its members' vectors) and when it last had a headline. */
export interface StoryProfile<Id> {
  id: Id;
  /** Sum of the members' vectors; only the terms of the headline being scored need be present. */
  profile: Map<string, number>;
  /** Norm of the whole profile (all its terms). */
  profileNorm: number;
  lastPublishedAt: number;
  /** How many headlines it has. */
  size: number;
}

/** Why a headline joined a story: its score, and the cosine, size factor and time decay it is the product of. */
export interface Match<Id> {
  storyId: Id;
  score: number;
  similarity: number;
  sizeFactor: number;
  decay: number;
}

/** Inverse document frequency learned online: rare terms weigh more; a term never seen weighs most. */
export function idf(stats: TermStats, term: string): number {
  return Math.log((stats.documents + 1) / (stats.frequency(term) + 1)) + 1;
}

/** The headline's vector under the current statistics. */
export function vectorOf(terms: readonly Term[], stats: TermStats): Vector {
  const weights = new Map<string, number>();
  let sum = 0;
  for (const { term, boost } of terms) {
    const weight = boost * idf(stats, term);
    weights.set(term, weight);
    sum += weight * weight;
  }
  return { weights, norm: Math.sqrt(sum) };
}

/** What a story found in the index shares with the headline: the summed weight of the terms it was found under. */
export interface Shared {
  weight: number;
  /** When the story last had a headline (to break ties: the latest first). */
  lastPublishedAt: number;
}

/**
 * The stories worth scoring in full: those sharing the most headline weight (the sum of the weights of the terms
 * they were found under), then the latest, then by id; at most maxCandidates. A story's core words make it found
 * however common they have become, because the index is read per term, latest stories first.
 */
export function rankCandidates<Id extends string | number>(shared: ReadonlyMap<Id, Shared>, options: ScoringOptions): Id[] {
  return [...shared]
    .sort(([idA, a], [idB, b]) => b.weight - a.weight || b.lastPublishedAt - a.lastPublishedAt || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .slice(0, options.maxCandidates)
    .map(([id]) => id);
}

/** Cosine of two sparse vectors, iterating the smaller one. */
export function cosine(a: Map<string, number>, aNorm: number, b: Map<string, number>, bNorm: number): number {
  if (aNorm === 0 || bNorm === 0) return 0;
  const small = a.size <= b.size ? a : b;
  const large = small === a ? b : a;
  let dot = 0;
  // forEach, not for…of with destructuring, which allocates an entry for each term on this hot path.
  small.forEach((weight, term) => {
    const other = large.get(term);
    if (other !== undefined) dot += weight * other;
  });
  return dot / (aNorm * bNorm);
}

/** The headline's score against one story (see the module comment). */
export function scoreAgainst<Id>(vector: Vector, story: StoryProfile<Id>, publishedAt: number, options: ScoringOptions): Match<Id> {
  const similarity = cosine(vector.weights, vector.norm, story.profile, story.profileNorm);
  const hours = Math.abs(publishedAt - story.lastPublishedAt) / 3_600_000;
  const decay = Math.pow(0.5, hours / options.halfLifeHours);
  const sizeFactor = Math.pow(Math.min(story.size, options.sizeCap), options.sizeExponent);
  return { storyId: story.id, score: similarity * sizeFactor * decay, similarity, sizeFactor, decay };
}

/**
 * The story the headline joins: the best-scoring candidate when its score reaches the threshold (ties go to the
 * candidate listed first), else null (the headline starts a story).
 */
export function bestMatch<Id>(
  vector: Vector,
  candidates: readonly StoryProfile<Id>[],
  publishedAt: number,
  options: ScoringOptions,
): Match<Id> | null {
  let best: Match<Id> | null = null;
  for (const story of candidates) {
    const match = scoreAgainst(vector, story, publishedAt, options);
    if (best === null || match.score > best.score) best = match;
  }
  return best !== null && best.score >= options.threshold ? best : null;
}

/** Adds a member's vector to a story's profile; returns the profile's new norm (from its old one, in O(terms)). */
export function absorb(profile: Map<string, number>, profileNorm: number, vector: Vector): number {
  let squared = profileNorm * profileNorm;
  for (const [term, weight] of vector.weights) {
    const old = profile.get(term) ?? 0;
    profile.set(term, old + weight);
    squared += 2 * old * weight + weight * weight;
  }
  return Math.sqrt(squared);
}
