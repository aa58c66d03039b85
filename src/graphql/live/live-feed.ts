import type { ArticleListFilter } from '../../db/repositories/article.repository';
import type { NewsItemListFilter } from '../../db/repositories/news-item.repository';
import type { StoryListFilter } from '../../db/repositories/story.repository';
import { checkChangeKey, databaseTag, decodeChangeCursor, encodeChangeCursor, type ChangeBounds, type ChangeEntity, type ChangeKey, type ChangeOp, type ChangeRecord } from '../../domain/change';
import { ResumeTooFarBehindError } from '../../domain/errors';
import type { ArticleRow, NewsItemRow, StoryRow } from '../../domain/rows';
import type { Services } from '../../services';
import type { ChangeStream } from '../../services/change-stream';
import { articleMatches, newsItemMatches, storyFilterLooksAtItems, storyMatches } from '../../services/matches';
import type { Article } from '../types/article.type';
import type { LiveEvent } from '../types/live.type';
import type { NewsItem } from '../types/news-item.type';
import type { Story } from '../types/story.type';
import { LiveBatch } from './live-batch';

/** What a resumed subscription is checked against in the change log. */
export interface ChangeLogBounds {
  /** Where a cursor may stand, read for `key` (see checkChangeKey). */
  bounds(key: ChangeKey): Promise<ChangeBounds>;
  /** How many changes of `entity` with one of `ops` follow `after`, counting no further than `limit`. */
  countAfter(after: ChangeKey, entity: ChangeEntity, ops: readonly ChangeOp[], limit: number): Promise<number>;
}

/** Events replayed before the event loop is given to other work (requests, other connections). */
const REPLAY_SLICE = 50;

/** How one subscription is followed. */
export interface FollowOptions {
  /** The cursor of the last event the client saw: first every later event already recorded, then live ones. */
  after?: string | null;
  /** Ends the subscription (the client completed it, or its connection closed). */
  signal: AbortSignal;
  /** How far behind live changes (once caught up) the subscription may fall: a client reading more slowly than events come. */
  maxLagMs: number;
  /** Called, and the subscription ended, when it falls further behind. */
  onBehind(): void;
}

/** What one kind of subscription pushes: which changes, the rows they name (read once per batch), and the filter. */
interface FeedKind<Row, Filter, N> {
  entity: ChangeEntity;
  ops: readonly ChangeOp[];
  /** Push a node once per batch, at its last change (a story changed twice in one commit). */
  lastChangeOnly: boolean;
  rows(batch: LiveBatch): Promise<Map<number, Row>>;
  matches(filter: Filter, row: Row, batch: LiveBatch): boolean | Promise<boolean>;
  node(batch: LiveBatch, row: Row): N;
}

const ARTICLES: FeedKind<ArticleRow, ArticleListFilter, Article> = {
  entity: 'Article',
  ops: ['INSERT'],
  lastChangeOnly: false,
  rows: (batch) => batch.addedArticles(),
  matches: articleMatches,
  node: (batch, row) => batch.loaders.primedArticle(row),
};

const NEWS_ITEMS: FeedKind<NewsItemRow, NewsItemListFilter, NewsItem> = {
  entity: 'NewsItem',
  ops: ['INSERT'],
  lastChangeOnly: false,
  rows: (batch) => batch.addedNewsItems(),
  matches: newsItemMatches,
  node: (batch, row) => batch.loaders.primedNewsItem(row),
};

const STORIES: FeedKind<StoryRow, StoryListFilter, Story> = {
  entity: 'Story',
  ops: ['INSERT', 'UPDATE'],
  lastChangeOnly: true,
  rows: (batch) => batch.updatedStories(),
  matches: async (filter, row, batch) => !storyFilterLooksAtItems(filter) || storyMatches(filter, (await batch.updatedStoryItems()).get(row.id) ?? []),
  node: (batch, row) => batch.loaders.primedStory(row),
};

/**
 * Live updates of one process: follows the process's ChangeStream for each subscription (from its `after` cursor,
 * with no gap and no duplicate), and pushes the nodes its changes add, filtered as the lists filter them. The nodes
 * of each batch of changes are read once for all subscribers (see LiveBatch); only catching up from a cursor reads
 * per subscriber.
 */
export class LiveFeed {
  /** The shared batch of each change handed out live. */
  private readonly batches = new WeakMap<ChangeRecord, LiveBatch>();
  private readonly stopListening: () => void;

  constructor(
    private readonly changes: ChangeStream,
    private readonly log: ChangeLogBounds,
    private readonly services: Services,
    /** The most events a resumed subscription replays (LIVE_MAX_REPLAY). */
    private readonly maxReplay: number,
  ) {
    // Registered before any subscription's own listener, so each live change finds its batch here.
    this.stopListening = changes.onChanges((records) => {
      const batch = new LiveBatch(records, services);
      for (const record of records) this.batches.set(record, batch);
    });
  }

  /** Stops sharing batches (the subscriptions end with their signals). */
  close(): void {
    this.stopListening();
  }

  /** Articles stored from now on (or after `options.after`) that the article list with `filter` would hold. */
  articleAdded(filter: ArticleListFilter, options: FollowOptions): Promise<AsyncGenerator<LiveEvent<Article>>> {
    return this.subscribe(ARTICLES, filter, options);
  }

  /** News items stored from now on (or after `options.after`) that the news item list with `filter` would hold. */
  newsItemAdded(filter: NewsItemListFilter, options: FollowOptions): Promise<AsyncGenerator<LiveEvent<NewsItem>>> {
    return this.subscribe(NEWS_ITEMS, filter, options);
  }

  /** Stories started or changed from now on (or after `options.after`) that the story list with `filter` would hold. */
  storyUpdated(filter: StoryListFilter, options: FollowOptions): Promise<AsyncGenerator<LiveEvent<Story>>> {
    return this.subscribe(STORIES, filter, options);
  }

  /** Checks the cursor and fixes where the subscription starts (now, when none is given), before the first event is asked for. */
  private async subscribe<Row, Filter, N>(kind: FeedKind<Row, Filter, N>, filter: Filter, options: FollowOptions): Promise<AsyncGenerator<LiveEvent<N>>> {
    const from = options.after == null ? this.changes.at : await this.resumeFrom(options.after, kind);
    return this.events(kind, filter, from, options);
  }

  private async resumeFrom<Row, Filter, N>(after: string, kind: FeedKind<Row, Filter, N>): Promise<ChangeKey> {
    const key = decodeChangeCursor(after, 'after');
    checkChangeKey(key, await this.log.bounds(key), {
      resync: 'Read the lists again, then subscribe from a fresh `syncCursor`.',
      tooOld:
        '`after` is older than the changes this server keeps (CHANGES_RETENTION_DAYS): events after it may be lost. Read the lists again, then subscribe without `after` (or with the cursor of a newer event).',
    });
    // Counted before the filter: what a replay reads and tests, not what it sends.
    if ((await this.log.countAfter(key, kind.entity, kind.ops, this.maxReplay + 1)) > this.maxReplay) {
      throw new ResumeTooFarBehindError(
        `More than ${this.maxReplay} changes have come since \`after\` (LIVE_MAX_REPLAY): catch up with \`changes(after:)\`, which takes the same cursor and pages, then subscribe with its last \`endCursor\` as \`after\`.`,
      );
    }
    return key;
  }

  private async *events<Row, Filter, N>(kind: FeedKind<Row, Filter, N>, filter: Filter, from: ChangeKey | null, options: FollowOptions): AsyncGenerator<LiveEvent<N>> {
    // Live batches wait in memory for a subscriber that reads more slowly than they come: it is let go once it is
    // more than maxLagMs behind (counted from when it caught up, for the batches that came while it did).
    let liveSince: number | null = null;
    let replayed = 0;
    // Subscriptions are served once the stream has started, which reads the database's identity first.
    if (this.changes.database === null) throw new Error('The change stream has not started: it cannot tag cursors yet.');
    const database = databaseTag(this.changes.database);
    for await (const records of this.changes.follow(from, [kind.entity], options.signal)) {
      const shared = this.batches.get(records[0]);
      if (shared) {
        const now = Date.now();
        liveSince ??= now;
        if (now - Math.max(shared.receivedAt, liveSince) > options.maxLagMs) {
          options.onBehind();
          return;
        }
      }
      const batch = shared ?? new LiveBatch(records, this.services);
      const rows = await kind.rows(batch);
      const last = kind.lastChangeOnly ? new Map(records.map((record, i) => [record.entityId, i])) : null;
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        if (!kind.ops.includes(record.op) || (last && last.get(record.entityId) !== i)) continue;
        const row = rows.get(record.entityId);
        // A row removed since its change was recorded is not pushed.
        if (row === undefined || !(await kind.matches(filter, row, batch))) continue;
        if (options.signal.aborted) return;
        // A replay is read from the log and runs without waiting for anything: it lets other work in now and then.
        if (!shared && ++replayed % REPLAY_SLICE === 0) await new Promise((resume) => setImmediate(resume));
        yield { cursor: encodeChangeCursor(record, database), node: kind.node(batch, row), batch, replayed: !shared };
      }
    }
  }
}
