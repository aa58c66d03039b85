import type { DataSource, EntityManager } from 'typeorm';
import { writeTransaction } from '../data-source';
import { DEFAULT_GROUPING_OPTIONS, StoryGrouper, type Assignment, type GroupingOptions } from '../../domain/stories/grouper';
import { termsOf, type Term } from '../../domain/stories/terms';
import { INSTANTS } from '../../domain/date-range';
import { mapInTurns } from '../../domain/turns';

/** The key of the transaction-level advisory lock every grouping takes (the claims on sources use 28268). */
const STORY_LOCK_SPACE = 28269;

/** The empty term's row of story_term_stat counts the grouped headlines (terms have two letters or more). */
const ALL = '';

/** The last instant the API takes and stores, as SQL. */
const LAST_INSTANT = `'${new Date(INSTANTS.latest).toISOString()}'::timestamptz`;

/**
 * The TOP order's key of a story: its last publication moved 24 hours later for each doubling of its sources, so
 * ordering by it newest first ranks by sources × 2^(−age / 24 h) — a story twice as widely reported ranks as one a
 * day fresher — with a key that does not move with the clock (the same for every page of a list). The key stops at
 * the last instant a cursor may name (a story of year 9999 would go past it), so every story's cursor is taken back.
 */
export const TOP_AT = (lastPublishedAt: string, sources: string) =>
  `least((${lastPublishedAt} + make_interval(secs => 86400 * log(2.0, greatest(${sources}, 1)::numeric)::float8))::timestamptz(3), ${LAST_INSTANT})`;

/** Milliseconds since 1970 of a timestamptz column, as a float the drivers give back as a number. */
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** A headline to group: its title, its article's summary (the lead) when known, its time, and its terms once read. */
interface Ungrouped {
  title: string;
  lead: string | null;
  publishedAt: number;
  terms?: readonly Term[];
}

/** A stored news item to group (`stories rebuild`). */
interface StoredUngrouped extends Ungrouped {
  id: number;
}

/** Where grouping put a headline: its story, and its score against that story (null when it started the story). */
export interface Placement {
  storyId: number;
  score: number | null;
}

const UNGROUPED_COLUMNS = `n.id, n.title, a.summary AS lead, ${ms('n.published_at')} AS "publishedAt"
  FROM news_item n LEFT JOIN article a ON a.id = n.article_id`;

/**
 * Groups the headlines of news items the caller's transaction is about to insert into the stories of the recent
 * window, in time order (ties in the order given), with the rules of src/domain/stories, and writes the stories;
 * returns each headline's placement, in the order given, for the caller to insert the items with. The caller then
 * inserts them and calls countSources for the placements' stories, before its commit.
 *
 * Safe with several workers: it first takes a transaction-level advisory lock that every grouping takes, so
 * groupings run one after the other, each to its commit. Under READ COMMITTED every statement after the lock reads
 * a new snapshot, which holds everything the previous grouping committed; so two items of one story written by two
 * concurrent refreshes are compared in turn, and the second finds the story the first made. The lock is held from
 * here to the commit, so the headlines' terms are read before it, and everything under it takes few statements:
 * the load of what the batch can reach (one), the stories' writes (one), the items, their stories' sources.
 */
export async function groupHeadlines(manager: EntityManager, headlines: readonly Ungrouped[], options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Promise<Placement[]> {
  if (headlines.length === 0) return [];
  const order = headlines.map((_, index) => index).sort((a, b) => headlines[a].publishedAt - headlines[b].publishedAt || a - b);
  const items = await mapInTurns(order, (index) => withTerms(headlines[index], options));
  await manager.query(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, 0)`);
  const placed = await place(manager, items, options);
  const placements: Placement[] = new Array(headlines.length);
  order.forEach((index, at) => (placements[index] = placed[at]));
  return placements;
}

/** Groups up to `limit` of the oldest news items published since `since` that have no story (`stories rebuild`). */
export async function groupUngrouped(manager: EntityManager, since: Date, limit: number, options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Promise<number> {
  await manager.query(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, 0)`);
  const items: StoredUngrouped[] = await manager.query(
    `SELECT ${UNGROUPED_COLUMNS} WHERE n.story_id IS NULL AND n.published_at >= $1 ORDER BY n.published_at, n.id LIMIT $2`,
    [since, limit],
  );
  if (items.length === 0) return 0;
  const placements = await place(manager, items, options);
  await manager.query(
    `UPDATE news_item n SET story_id = r.story_id, story_score = r.score
     FROM unnest($1::int[], $2::int[], $3::float8[]) AS r(id, story_id, score) WHERE n.id = r.id`,
    [items.map((item) => item.id), placements.map((p) => p.storyId), placements.map((p) => p.score)],
  );
  await countSources(manager, placements.map((p) => p.storyId));
  return items.length;
}

/**
 * Ungroups the stories that had a headline since `since` and everything of theirs, so that groupUngrouped can
 * group those items again (after a change of method), and recounts the term statistics of the items that stay
 * grouped. Returns the time from which items are now ungrouped: earlier than `since` when such a story began
 * before, and then early enough that every story still grouped ended before it — so what stays grouped is exactly
 * what came before, and grouping from there in time order decides as ingest did.
 */
export async function ungroupSince(manager: EntityManager, since: Date, options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Promise<Date> {
  await manager.query(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, 0)`);
  let start = since.getTime();
  for (;;) {
    const [{ earliest }]: { earliest: number | null }[] = await manager.query(
      `SELECT ${ms('min(first_published_at)')} AS earliest FROM story WHERE last_published_at >= $1`,
      [new Date(start)],
    );
    if (earliest === null || earliest >= start) break;
    start = earliest;
  }
  const from = new Date(start);
  await manager.query('UPDATE news_item SET story_id = NULL, story_score = NULL WHERE story_id IN (SELECT id FROM story WHERE last_published_at >= $1)', [from]);
  await manager.query('DELETE FROM story WHERE last_published_at >= $1', [from]);
  // The statistics count the grouped headlines; those of the ungrouped ones are taken out by counting afresh.
  await manager.query('DELETE FROM story_term_stat');
  const frequencies = new Map<string, number>();
  let documents = 0;
  let after = 0;
  for (;;) {
    const rows: { id: number; title: string; lead: string | null }[] = await manager.query(
      `SELECT n.id, n.title, a.summary AS lead FROM news_item n LEFT JOIN article a ON a.id = n.article_id
       WHERE n.story_id IS NOT NULL AND n.id > $1 ORDER BY n.id LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      documents += 1;
      for (const { term } of termsOf(row.title, row.lead, options.terms)) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    }
    after = rows[rows.length - 1].id;
  }
  const entries = [[ALL, documents] as [string, number], ...frequencies];
  await manager.query(
    `INSERT INTO story_term_stat (term, documents) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (term) DO UPDATE SET documents = EXCLUDED.documents`,
    [entries.map(([term]) => term), entries.map(([, count]) => count)],
  );
  return from;
}

/**
 * Groups items given in time order (the grouping lock held): loads the stories their terms can reach into a
 * StoryGrouper, groups, writes the stories back; returns each item's placement, in the order given.
 */
/** The headline with its terms, read now unless it has them. */
function withTerms<Item extends Ungrouped>(item: Item, options: GroupingOptions): Item & { terms: readonly Term[] } {
  return item.terms ? (item as Item & { terms: readonly Term[] }) : { ...item, terms: termsOf(item.title, item.lead, options.terms) };
}

async function place(manager: EntityManager, given: readonly Ungrouped[], options: GroupingOptions): Promise<Placement[]> {
  let temporary = 0;
  // New stories get negative numbers until the database gives them ids.
  const grouper = new StoryGrouper(options, () => --temporary);
  // Read once: for the stories to load, then by the grouper.
  const items = await mapInTurns(given, (item) => withTerms(item, options));
  const terms = new Set<string>();
  for (const item of items) for (const { term } of item.terms) terms.add(term);
  await seed(manager, grouper, [...terms], items[0].publishedAt - options.scoring.windowHours * 3_600_000, options);
  // A story's norm as its last item left it: the grouper drops stories that leave the window while a batch of
  // older items is grouped.
  const norms = new Map<number, number>();
  // In turns: a thousand headlines take 55 to 120 ms to place, which requests arriving meanwhile would wait for.
  const assignments = await mapInTurns(items, (item) => {
    const assignment = grouper.add(item);
    norms.set(assignment.storyId, grouper.story(assignment.storyId)!.profileNorm);
    return assignment;
  });
  const idOf = await write(manager, norms, items, assignments, grouper);
  return assignments.map((assignment) => ({ storyId: idOf(assignment.storyId), score: assignment.match?.score ?? null }));
}

/**
 * Loads into the grouper, in one statement, the term statistics of `terms` and, for each term, the stories that
 * used it last since `since` (as many as the grouper reads per term), with their profiles on `terms`.
 */
async function seed(manager: EntityManager, grouper: StoryGrouper, terms: string[], since: number, options: GroupingOptions): Promise<void> {
  // The stories come first (a time of none, an id), then the statistics (no time, no id), then the stories' uses of
  // the terms, oldest first: a story's own values once, not on each of its terms' rows.
  const rows: { id: number | null; profileNorm: number | null; lastPublishedAt: number | null; size: number | null; term: string | null; weight: number | null; usedAt: number | null }[] =
    await manager.query(
      `WITH hit AS (
         SELECT DISTINCT h.story_id FROM unnest($1::text[]) AS t(term)
         CROSS JOIN LATERAL (SELECT story_id FROM story_term WHERE term = t.term AND last_used_at >= $2
                             ORDER BY last_used_at DESC, story_id DESC LIMIT $3) h)
       SELECT * FROM (
         SELECT s.id, s.profile_norm AS "profileNorm", ${ms('s.last_published_at')} AS "lastPublishedAt", s.item_count AS size,
           NULL AS term, NULL::float8 AS weight, NULL::float8 AS "usedAt"
         FROM hit JOIN story s ON s.id = hit.story_id
         UNION ALL
         SELECT NULL, NULL, NULL, NULL, term, documents::float8, NULL
         FROM story_term_stat WHERE term = ANY($1::text[]) OR term = '${ALL}'
         UNION ALL
         SELECT st.story_id, NULL, NULL, NULL, st.term, st.weight, ${ms('st.last_used_at')}
         FROM hit JOIN story_term st ON st.story_id = hit.story_id AND st.term = ANY($1::text[])
       ) rows ORDER BY "usedAt" NULLS FIRST, id`,
      [terms, new Date(since), options.scoring.postingDepth],
    );
  const stats = rows.filter((row) => row.id === null) as { term: string; weight: number }[];
  grouper.seedStats(stats.find((row) => row.term === ALL)?.weight ?? 0, stats.filter((row) => row.term !== ALL).map((row) => [row.term, row.weight]));
  for (const row of rows) {
    if (row.id === null) continue;
    if (row.usedAt === null) {
      grouper.seedStory({ id: row.id, profile: new Map(), profileNorm: row.profileNorm!, lastPublishedAt: row.lastPublishedAt!, size: row.size! });
      continue;
    }
    (grouper.story(row.id)!.profile as Map<string, number>).set(row.term!, row.weight!);
    grouper.seedUse(row.id, row.term!, row.usedAt);
  }
}

/**
 * Writes, in one statement, what grouping did to the stories: new stories (numbered by the database), the stories
 * that grew, their terms, the statistics. Returns the mapping from the grouper's story numbers to the stored ids.
 */
async function write(
  manager: EntityManager,
  norms: ReadonlyMap<number, number>,
  items: readonly Ungrouped[],
  assignments: Assignment[],
  grouper: StoryGrouper,
): Promise<(id: number) => number> {
  // Per story: its first and last time, the items added, and the founding headline of a new one.
  const touched = new Map<number, { first: number; last: number; added: number; title: string | null }>();
  // Per story, per term: what its headlines added.
  const termDeltas = new Map<number, Map<string, { storyId: number; term: string; weight: number; at: number }>>();
  assignments.forEach((assignment, index) => {
    const item = items[index];
    const entry = touched.get(assignment.storyId) ?? { first: item.publishedAt, last: item.publishedAt, added: 0, title: null };
    entry.first = Math.min(entry.first, item.publishedAt);
    entry.last = Math.max(entry.last, item.publishedAt);
    entry.added += 1;
    if (assignment.match === null && entry.title === null) entry.title = item.title;
    touched.set(assignment.storyId, entry);
    let storyDeltas = termDeltas.get(assignment.storyId);
    if (!storyDeltas) termDeltas.set(assignment.storyId, (storyDeltas = new Map()));
    assignment.vector.weights.forEach((weight, term) => {
      let delta = storyDeltas.get(term);
      if (!delta) storyDeltas.set(term, (delta = { storyId: assignment.storyId, term, weight: 0, at: item.publishedAt }));
      delta.weight += weight;
      delta.at = Math.max(delta.at, item.publishedAt);
    });
  });

  // A batch's items share few distinct times, and the term rows repeat them.
  const isoOf = new Map<number, string>();
  const iso = (time: number) => {
    let text = isoOf.get(time);
    if (text === undefined) isoOf.set(time, (text = new Date(time).toISOString()));
    return text;
  };
  const created = [...touched].filter(([id]) => id < 0);
  const grown = [...touched].filter(([id]) => id > 0);
  const deltas = [...termDeltas.values()].flatMap((storyDeltas) => [...storyDeltas.values()]);
  const statistics = [[ALL, grouper.documents] as [string, number], ...grouper.termFrequencies()];
  // New stories' ids come from the sequence in the first (materialized) CTE; story_term rows of new stories name
  // them by the grouper's negative numbers, translated by joining it. The foreign keys are checked at the end of
  // the statement, when the new stories are in.
  const allocated: { temporary: number; id: number }[] = await manager.query(
    `WITH new_story AS MATERIALIZED (
       SELECT r.temporary, nextval(pg_get_serial_sequence('story', 'id'))::int AS id, r.title, r.first_at, r.last_at, r.items, r.norm
       FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::float8[])
         AS r(temporary, title, first_at, last_at, items, norm)),
     created AS (
       INSERT INTO story (id, title, first_published_at, last_published_at, top_at, item_count, source_count, profile_norm)
       SELECT id, title, first_at, last_at, last_at, items, 1, norm FROM new_story),
     grown AS (
       UPDATE story s SET profile_norm = r.norm, item_count = s.item_count + r.items,
         first_published_at = LEAST(s.first_published_at, r.first_at), last_published_at = GREATEST(s.last_published_at, r.last_at)
       FROM unnest($7::int[], $8::float8[], $9::int[], $10::timestamptz[], $11::timestamptz[]) AS r(id, norm, items, first_at, last_at)
       WHERE s.id = r.id),
     terms AS (
       INSERT INTO story_term (story_id, term, weight, last_used_at)
       SELECT coalesce(n.id, d.story_id), d.term, d.weight, d.at
       FROM unnest($12::int[], $13::text[], $14::float8[], $15::timestamptz[]) AS d(story_id, term, weight, at)
         LEFT JOIN new_story n ON n.temporary = d.story_id
       ON CONFLICT (story_id, term) DO UPDATE SET weight = story_term.weight + EXCLUDED.weight,
         last_used_at = GREATEST(story_term.last_used_at, EXCLUDED.last_used_at)),
     statistics AS (
       INSERT INTO story_term_stat (term, documents) SELECT * FROM unnest($16::text[], $17::int[])
       ON CONFLICT (term) DO UPDATE SET documents = EXCLUDED.documents)
     SELECT temporary, id FROM new_story`,
    [
      created.map(([id]) => id),
      created.map(([, entry]) => entry.title),
      created.map(([, entry]) => iso(entry.first)),
      created.map(([, entry]) => iso(entry.last)),
      created.map(([, entry]) => entry.added),
      created.map(([id]) => norms.get(id)!),
      grown.map(([id]) => id),
      grown.map(([id]) => norms.get(id)!),
      grown.map(([, entry]) => entry.added),
      grown.map(([, entry]) => iso(entry.first)),
      grown.map(([, entry]) => iso(entry.last)),
      deltas.map((d) => d.storyId),
      deltas.map((d) => d.term),
      deltas.map((d) => d.weight),
      deltas.map((d) => iso(d.at)),
      statistics.map(([term]) => term),
      statistics.map(([, count]) => count),
    ],
  );
  const realId = new Map(allocated.map((row) => [row.temporary, row.id]));
  return (id) => realId.get(id) ?? id;
}

/** Counts the sources of these stories again (after their items were written) and moves their TOP keys. */
export async function countSources(manager: EntityManager, storyIds: readonly number[]): Promise<void> {
  await manager.query(
    `UPDATE story s SET source_count = counted.sources, top_at = ${TOP_AT('s.last_published_at', 'counted.sources')}
     FROM (SELECT story_id, count(DISTINCT source_id)::int AS sources FROM news_item WHERE story_id = ANY($1::int[]) GROUP BY story_id) counted
     WHERE s.id = counted.story_id`,
    [[...new Set(storyIds)]],
  );
}

/**
 * Takes the grouping lock and returns the stories of a source's news items, before they are deleted (see recountStories).
 */
export async function storiesOfSource(manager: EntityManager, sourceId: number): Promise<number[]> {
  await manager.query(`SELECT pg_advisory_xact_lock(${STORY_LOCK_SPACE}, 0)`);
  const rows: { id: number }[] = await manager.query('SELECT DISTINCT story_id AS id FROM news_item WHERE source_id = $1 AND story_id IS NOT NULL', [sourceId]);
  return rows.map((row) => row.id);
}

/**
 * After news items were deleted: removes the stories left without any, and counts the others' items, sources and
 * times again. Their term profiles keep the deleted headlines' weight, as a story's memory of what it was about.
 */
export async function recountStories(manager: EntityManager, storyIds: number[]): Promise<void> {
  if (storyIds.length === 0) return;
  await manager.query('DELETE FROM story s WHERE s.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM news_item WHERE story_id = s.id)', [storyIds]);
  await manager.query(
    `UPDATE story s SET item_count = c.items, source_count = c.sources, first_published_at = c.first_at, last_published_at = c.last_at,
       top_at = ${TOP_AT('c.last_at', 'c.sources')}
     FROM (SELECT story_id, count(*)::int AS items, count(DISTINCT source_id)::int AS sources, min(published_at) AS first_at, max(published_at) AS last_at
           FROM news_item WHERE story_id = ANY($1::int[]) GROUP BY story_id) c
     WHERE s.id = c.story_id`,
    [storyIds],
  );
}

/** News items grouped per transaction by rebuildStories: big enough to amortize the loads, small enough to keep locks short. */
const REBUILD_BATCH = 1000;

/**
 * Groups again the news items of the stories that had a headline since `since` (after a change of method), and
 * the ungrouped items published since then (those stored before stories existed), in time order, one transaction
 * per batch; `onProgress` hears how many of how many are done. Returns how many items were grouped.
 */
export async function rebuildStories(
  dataSource: DataSource,
  since: Date,
  onProgress: (done: number, total: number) => void = () => undefined,
  options: GroupingOptions = DEFAULT_GROUPING_OPTIONS,
): Promise<number> {
  const start = await writeTransaction(dataSource, (manager) => ungroupSince(manager, since, options));
  return groupAllUngrouped(dataSource, start, onProgress, options);
}

/** Groups every news item published since `start` that has no story, oldest first, in batches of REBUILD_BATCH. */
async function groupAllUngrouped(
  dataSource: DataSource,
  start: Date,
  onProgress: (done: number, total: number) => void,
  options: GroupingOptions,
): Promise<number> {
  const [{ n: total }]: { n: number }[] = await dataSource.query(
    'SELECT count(*)::int AS n FROM news_item WHERE story_id IS NULL AND published_at >= $1',
    [start],
  );
  let done = 0;
  onProgress(done, total);
  for (;;) {
    const grouped = await writeTransaction(dataSource, (manager) => groupUngrouped(manager, start, REBUILD_BATCH, options));
    if (grouped === 0) return done;
    done += grouped;
    onProgress(Math.min(done, total), total);
  }
}

/**
 * Groups the news items of the last grouping window (72 hours) that have no story into stories: what fresh demo data
 * needs. Stories that exist stay as they are, with their IDs (new items may join them): demo data appended to a
 * database that has stories no longer ungroups and renumbers them (`stories rebuild` does that, when asked).
 */
export async function groupRecentStories(dataSource: DataSource, options: GroupingOptions = DEFAULT_GROUPING_OPTIONS): Promise<RecentGrouping> {
  const since = new Date(Date.now() - options.scoring.windowHours * 3_600_000);
  const newsItemsGrouped = await groupAllUngrouped(dataSource, since, () => undefined, options);
  return { newsItemsGrouped, stories: await countStoriesSince(dataSource, since) };
}

/** How many stories have a headline since `since` (what `demo` and `stories rebuild` report). */
export async function countStoriesSince(dataSource: DataSource, since: Date): Promise<number> {
  const [{ n }]: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM story WHERE last_published_at >= $1', [since]);
  return n;
}

/** What groupRecentStories did: the news items it placed, and the stories of the window after it. */
export interface RecentGrouping {
  newsItemsGrouped: number;
  /** Stories with a headline in the window. */
  stories: number;
}
