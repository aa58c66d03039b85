/**
 * The story grouper held in memory: headlines go in one at a time, in time order, and each joins a story of the
 * recent window or starts one, found through an inverted index of terms so that the cost per headline does not
 * grow with the number of stories. The database keeps the same state in tables; to group a batch of news items
 * it loads the part of that state the batch can touch into a StoryGrouper (seed), groups there, and writes the
 * changes back (src/db/repositories/story-grouping.ts), so ingest and bench:stories run this very code.
 */
import {
  absorb,
  bestMatch,
  DEFAULT_SCORING_OPTIONS,
  rankCandidates,
  vectorOf,
  type Shared,
  type Match,
  type ScoringOptions,
  type StoryProfile,
  type TermStats,
  type Vector,
} from './scoring';
import { DEFAULT_TERM_OPTIONS, termsOf, type Term, type TermOptions } from './terms';

/** One headline to group: its title, its article's lead text when known, when it was published (ms since 1970). */
export interface Headline {
  title: string;
  lead?: string | null;
  publishedAt: number;
  /** Its terms, when the caller has read them already (`termsOf(title, lead)` with the grouper's term options). */
  terms?: readonly Term[];
}

/** Where a headline went: the story (numbered by `newId`) and, when it joined one, why. */
export interface Assignment {
  storyId: number;
  /** Null when the headline started the story. */
  match: Match<number> | null;
  /** The headline's vector, added to the story's profile. */
  vector: Vector;
}



export interface GroupingOptions {
  terms: TermOptions;
  scoring: ScoringOptions;
}

export const DEFAULT_GROUPING_OPTIONS: GroupingOptions = { terms: DEFAULT_TERM_OPTIONS, scoring: DEFAULT_SCORING_OPTIONS };

type Story = StoryProfile<number>;

/**
 * The stories that used a term, in the order they last used it: an append-only log read from its end (the
 * latest first), compacted when it holds more than twice as many entries as stories, so reading the latest
 * `depth` stories costs about `depth` steps however many stories ever used the term.
 */
class Posting {
  private stories: Story[] = [];
  private times: number[] = [];
  private distinct = new Set<Story>();
  /** The earliest time among the uses held. */
  private earliest = Infinity;

  get size(): number {
    return this.distinct.size;
  }

  /** Records that `story` used the term at `time`. */
  use(story: Story, time: number): void {
    this.stories.push(story);
    this.times.push(time);
    this.distinct.add(story);
    if (time < this.earliest) this.earliest = time;
    if (this.stories.length > 2 * this.distinct.size + 16) this.compact(-Infinity);
  }

  /** The latest `depth` distinct stories that used the term since `since`, in `found` (emptied first), latest first. */
  latest(depth: number, since: number, found: Set<Story>): Set<Story> {
    found.clear();
    for (let i = this.stories.length - 1; i >= 0 && found.size < depth && this.times[i] >= since; i -= 1) found.add(this.stories[i]);
    return found;
  }

  /** Keeps each story's last use, and only uses since `since`. */
  compact(since: number): void {
    // Nothing to drop (no use before `since`, no story used twice): a purge runs through every posting, and most are left as they were.
    if (this.earliest >= since && this.stories.length === this.distinct.size) return;
    const seen = new Set<Story>();
    const stories: Story[] = [];
    const times: number[] = [];
    for (let i = this.stories.length - 1; i >= 0; i -= 1) {
      const story = this.stories[i];
      if (seen.has(story) || this.times[i] < since) continue;
      seen.add(story);
      stories.push(story);
      times.push(this.times[i]);
    }
    this.stories = stories.reverse();
    this.times = times.reverse();
    this.distinct = seen;
    this.earliest = Infinity;
    for (const time of this.times) if (time < this.earliest) this.earliest = time;
  }
}

/** Groups headlines into stories online; see the module comment. */
export class StoryGrouper implements TermStats {
  documents = 0;
  private readonly frequencies = new Map<string, number>();
  private readonly stories = new Map<number, Story>();
  private readonly postings = new Map<string, Posting>();
  private lastPurge = -Infinity;
  /** Reused by every posting lookup (one headline's lookups are done one after the other). */
  private readonly found = new Set<Story>();

  /** `newId` numbers new stories (1, 2, 3, … by default). */
  constructor(
    private readonly options: GroupingOptions = DEFAULT_GROUPING_OPTIONS,
    private readonly newId: () => number = counter(),
  ) {}

  /** Sets what is known of the term statistics: the headlines seen, and the frequencies of some terms. */
  seedStats(documents: number, frequencies: Iterable<[string, number]>): void {
    this.documents = documents;
    for (const [term, frequency] of frequencies) this.frequencies.set(term, frequency);
  }

  /** Puts a known story in (its profile needs only the terms of the headlines to come). */
  seedStory(story: StoryProfile<number>): void {
    this.stories.set(story.id, story);
  }

  /** Records that a seeded story last used a term at `at`; give the uses oldest first, as they happened. */
  seedUse(storyId: number, term: string, at: number): void {
    this.posting(term).use(this.stories.get(storyId)!, at);
  }

  /** A story in the index, as grouping has left it (its profile, norm, size, last time). */
  story(id: number): Readonly<StoryProfile<number>> | undefined {
    return this.stories.get(id);
  }

  /** The terms whose frequency is known, with it. */
  termFrequencies(): IterableIterator<[string, number]> {
    return this.frequencies.entries();
  }

  /** How many headlines the term was in. */
  frequency(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  /** Stories still in the index (the window, and those not purged yet). */
  get storyCount(): number {
    return this.stories.size;
  }

  /** Puts the headline in a story and says which, and why. */
  add(headline: Headline): Assignment {
    const { scoring } = this.options;
    const terms = headline.terms ?? termsOf(headline.title, headline.lead ?? null, this.options.terms);
    this.purge(headline.publishedAt);
    // The headline counts in its own IDF, as a document of the collection it is compared within.
    this.count(terms.map(({ term }) => term));
    const vector = vectorOf(terms, this);
    const candidates = this.candidates(vector, headline.publishedAt);
    const match = bestMatch(vector, candidates, headline.publishedAt, scoring);
    const story = match ? this.stories.get(match.storyId)! : this.open(headline.publishedAt);
    this.join(story, vector, headline.publishedAt);
    return { storyId: story.id, match, vector };
  }

  private count(terms: string[]): void {
    this.documents += 1;
    for (const term of terms) this.frequencies.set(term, this.frequency(term) + 1);
  }

  /** The stories of the window found under the headline's terms, ranked as rankCandidates ranks them. */
  private candidates(vector: Vector, publishedAt: number): Story[] {
    const { postingDepth, windowHours } = this.options.scoring;
    const since = publishedAt - windowHours * 3_600_000;
    const shared = new Map<number, Shared>();
    vector.weights.forEach((weight, term) => {
      const posting = this.postings.get(term);
      if (!posting) return;
      for (const story of posting.latest(postingDepth, since, this.found)) {
        if (story.lastPublishedAt < since) continue;
        const entry = shared.get(story.id);
        if (entry) entry.weight += weight;
        else shared.set(story.id, { weight, lastPublishedAt: story.lastPublishedAt });
      }
    });
    return rankCandidates(shared, this.options.scoring).map((id) => this.stories.get(id)!);
  }

  private open(publishedAt: number): Story {
    const story: Story = { id: this.newId(), profile: new Map(), profileNorm: 0, lastPublishedAt: publishedAt, size: 0 };
    this.stories.set(story.id, story);
    return story;
  }

  private join(story: Story, vector: Vector, publishedAt: number): void {
    story.profileNorm = absorb(story.profile, story.profileNorm, vector);
    story.lastPublishedAt = Math.max(story.lastPublishedAt, publishedAt);
    story.size += 1;
    for (const term of vector.weights.keys()) this.posting(term).use(story, publishedAt);
  }

  private posting(term: string): Posting {
    let posting = this.postings.get(term);
    if (!posting) this.postings.set(term, (posting = new Posting()));
    return posting;
  }

  /** Drops the stories and index entries that left the window, once per window-length of time, so memory follows the window. */
  private purge(now: number): void {
    const windowMs = this.options.scoring.windowHours * 3_600_000;
    if (now - this.lastPurge < windowMs) return;
    this.lastPurge = now;
    for (const story of this.stories.values()) if (story.lastPublishedAt < now - windowMs) this.stories.delete(story.id);
    for (const [term, posting] of this.postings) {
      posting.compact(now - windowMs);
      if (posting.size === 0) this.postings.delete(term);
    }
  }
}

/** 1, 2, 3, … */
function counter(): () => number {
  let next = 1;
  return () => next++;
}
