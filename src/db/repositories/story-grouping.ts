import type { EntityManager } from 'typeorm';
import { DEFAULT_GROUPING_OPTIONS, type GroupingOptions } from '../../domain/stories/grouper';
import { absorb, bestMatch, rankCandidates, vectorOf, type Hit, type StoryProfile, type TermStats } from '../../domain/stories/scoring';
import { termsOf } from '../../domain/stories/terms';

/** The key of the transaction-level advisory lock every grouping takes (the claims on sources use 28268). */
const STORY_LOCK_SPACE = 28269;

/**
 * The TOP order's key of a story: its last publication moved 24 hours later for each doubling of its sources, so
 * ordering by it newest first ranks by sources × 2^(−age / 24 h) — a story twice as widely reported ranks as one a
 * day fresher — with a key that does not move with the clock (the same for every page of a list).
 */
export const TOP_AT = (lastPublishedAt: string, sources: string) =>
  `(${lastPublishedAt} + make_interval(secs => 86400 * log(2.0, greatest(${sources}, 1)::numeric)::float8))::timestamptz(3)`;

/** The empty term's row of story_term_stat counts the grouped headlines (terms have two letters or more). */
const ALL = '';

/** A news item to group: its headline, its article's summary (the lead) when known, its source and time. */
interface Ungrouped {
  id: number;
  title: string;
  lead: string | null;
  sourceId: number;
  publishedAt: number;
}

/**
 * Groups the news items that have no story yet (of one source, or of all when `sourceId` is null) into the stories
 * of the recent window, in time order, with the rules of src/domain/stories (the same scoring as bench:stories
 * measures). Runs inside the caller's transaction, after its items are written.
 *
 * Safe with several workers: the first thing it does is take a transaction-level advisory lock that every grouping
 * takes, so groupings run one after the other, each to its commit. Under READ COMMITTED every statement after the
 * lock reads a new snapshot, which holds everything the previous grouping committed; so two items of one story
 * written by two concurrent refreshes are compared in turn, and the second finds the story the first made. The lock
 * is held only for the grouping itself, at the end of the ingest transaction.
 */
export async function groupNewItems(manager: EntityManager, sourceId: number | null, options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Promise<number> {
  await manager.query(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, 0)`);
  const items: Ungrouped[] = await manager.query(
    `SELECT n.id, n.title, a.summary AS lead, n.source_id AS "sourceId", (extract(epoch FROM n.published_at) * 1000)::float8 AS "publishedAt"
     FROM news_item n LEFT JOIN article a ON a.id = n.article_id
     WHERE n.story_id IS NULL AND ($1::int IS NULL OR n.source_id = $1::int)
     ORDER BY n.published_at, n.id`,
    [sourceId],
  );
  if (items.length === 0) return 0;
  const grouping = new Grouping(manager, options);
  await grouping.loadStats(items);
  for (const item of items) await grouping.add(item);
  await grouping.finish();
  return items.length;
}

/** One grouping run: the term statistics it reads and updates, and the stories it touched. */
class Grouping implements TermStats {
  documents = 0;
  private readonly frequencies = new Map<string, number>();
  private readonly touched = new Set<number>();

  constructor(
    private readonly manager: EntityManager,
    private readonly options: GroupingOptions,
  ) {}

  frequency(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  /** Reads the statistics of every term the items have, in one statement. */
  async loadStats(items: Ungrouped[]): Promise<void> {
    const terms = new Set<string>([ALL]);
    for (const item of items) for (const { term } of termsOf(item.title, item.lead, this.options.terms)) terms.add(term);
    const rows: { term: string; documents: number }[] = await this.manager.query(
      'SELECT term, documents FROM story_term_stat WHERE term = ANY($1::text[])',
      [[...terms]],
    );
    for (const row of rows) {
      if (row.term === ALL) this.documents = row.documents;
      else this.frequencies.set(row.term, row.documents);
    }
  }

  /** Puts one item in a story, as StoryGrouper.add does. */
  async add(item: Ungrouped): Promise<void> {
    const { scoring } = this.options;
    const terms = termsOf(item.title, item.lead, this.options.terms);
    this.documents += 1;
    for (const { term } of terms) this.frequencies.set(term, this.frequency(term) + 1);
    const vector = vectorOf(terms, this);
    const since = new Date(item.publishedAt - scoring.windowHours * 3_600_000).toISOString();
    const hits: Hit<number>[] = await this.manager.query(
      `SELECT t.term, h.story_id AS "storyId", (extract(epoch FROM s.last_published_at) * 1000)::float8 AS "lastPublishedAt"
       FROM unnest($1::text[]) AS t(term)
       CROSS JOIN LATERAL (SELECT story_id FROM story_term WHERE term = t.term AND last_used_at >= $2
                           ORDER BY last_used_at DESC, story_id DESC LIMIT $3) h
       JOIN story s ON s.id = h.story_id
       WHERE s.last_published_at >= $2`,
      [[...vector.weights.keys()], since, scoring.postingDepth],
    );
    const candidates = await this.profiles(rankCandidates(vector, hits, scoring), [...vector.weights.keys()]);
    const match = bestMatch(vector, candidates, item.publishedAt, scoring);
    const at = new Date(item.publishedAt).toISOString();
    let storyId: number;
    if (match) {
      const story = candidates.find((candidate) => candidate.id === match.storyId)!;
      storyId = story.id;
      await this.manager.query(
        `UPDATE story SET profile_norm = $2, item_count = item_count + 1, last_published_at = GREATEST(last_published_at, $3),
           first_published_at = LEAST(first_published_at, $3) WHERE id = $1`,
        [storyId, absorb(story.profile, story.profileNorm, vector), at],
      );
    } else {
      const [row]: { id: number }[] = await this.manager.query(
        `INSERT INTO story (title, first_published_at, last_published_at, top_at, item_count, source_count, profile_norm)
         VALUES ($1, $2, $2, $2, 1, 1, $3) RETURNING id`,
        [item.title, at, vector.norm],
      );
      storyId = row.id;
    }
    await this.manager.query(
      `INSERT INTO story_term (story_id, term, weight, last_used_at) SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::timestamptz[])
       ON CONFLICT (story_id, term) DO UPDATE SET weight = story_term.weight + EXCLUDED.weight,
         last_used_at = GREATEST(story_term.last_used_at, EXCLUDED.last_used_at)`,
      [storyId, [...vector.weights.keys()], [...vector.weights.values()], [...vector.weights.keys()].map(() => at)],
    );
    await this.manager.query('UPDATE news_item SET story_id = $2, story_score = $3 WHERE id = $1', [item.id, storyId, match?.score ?? null]);
    this.touched.add(storyId);
  }

  /** The candidates' profiles on the headline's terms, in the order given (bestMatch gives ties to the first). */
  private async profiles(ids: number[], terms: string[]): Promise<StoryProfile<number>[]> {
    if (ids.length === 0) return [];
    const rows: { id: number; profileNorm: number; lastPublishedAt: number; size: number; term: string | null; weight: number | null }[] =
      await this.manager.query(
        `SELECT s.id, s.profile_norm AS "profileNorm", (extract(epoch FROM s.last_published_at) * 1000)::float8 AS "lastPublishedAt",
           s.item_count AS size, st.term, st.weight
         FROM story s LEFT JOIN story_term st ON st.story_id = s.id AND st.term = ANY($2::text[])
         WHERE s.id = ANY($1::int[])`,
        [ids, terms],
      );
    const byId = new Map<number, StoryProfile<number>>();
    for (const row of rows) {
      let story = byId.get(row.id);
      if (!story) {
        story = { id: row.id, profile: new Map(), profileNorm: row.profileNorm, lastPublishedAt: row.lastPublishedAt, size: row.size };
        byId.set(row.id, story);
      }
      if (row.term !== null && row.weight !== null) story.profile.set(row.term, row.weight);
    }
    return ids.map((id) => byId.get(id)!).filter((story) => story !== undefined);
  }

  /** Writes the term statistics back and counts the sources of every story touched. */
  async finish(): Promise<void> {
    const terms = [ALL, ...this.frequencies.keys()];
    await this.manager.query(
      `INSERT INTO story_term_stat (term, documents) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (term) DO UPDATE SET documents = EXCLUDED.documents`,
      [terms, terms.map((term) => (term === ALL ? this.documents : this.frequency(term)))],
    );
    await this.manager.query(
      `UPDATE story s SET source_count = counted.sources, top_at = ${TOP_AT('s.last_published_at', 'counted.sources')}
       FROM (SELECT story_id, count(DISTINCT source_id)::int AS sources FROM news_item WHERE story_id = ANY($1::int[]) GROUP BY story_id) counted
       WHERE s.id = counted.story_id`,
      [[...this.touched]],
    );
  }
}
