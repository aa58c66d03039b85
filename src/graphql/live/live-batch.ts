import type { ChangeEntity, ChangeOp, ChangeRecord } from '../../domain/change';
import type { ArticleRow, NewsItemRow, StoryItemFacets, StoryRow } from '../../domain/rows';
import type { Services } from '../../services';
import { Loaders } from '../loaders/loaders';
import type { SharedBatch } from '../types/live.type';

/** The ids of the rows of one type that these changes made with one of `ops`, once each. */
function idsOf(records: readonly ChangeRecord[], entity: ChangeEntity, ops: readonly ChangeOp[]): number[] {
  const ids = new Set<number>();
  for (const record of records) if (record.entity === entity && ops.includes(record.op)) ids.add(record.entityId);
  return [...ids];
}

/** Rows by id, without the misses (rows removed since). */
function byId<Row extends { id: number }>(rows: readonly (Row | null)[]): Map<number, Row> {
  return new Map(rows.filter((row): row is Row => row !== null).map((row) => [row.id, row]));
}

/**
 * One batch of changes as live updates push it: the nodes it added or changed are read once, in one statement per
 * node type, whatever the number of subscribers, and its loaders (the "request" of every event of the batch) resolve
 * their relation fields, batched across subscribers.
 */
export class LiveBatch implements SharedBatch {
  readonly loaders: Loaders;
  /** When the stream handed the batch out. */
  readonly receivedAt = Date.now();
  private readonly results = new Map<string, Promise<unknown>>();
  private articles?: Promise<Map<number, ArticleRow>>;
  private newsItems?: Promise<Map<number, NewsItemRow>>;
  private stories?: Promise<Map<number, StoryRow>>;
  private storyItems?: Promise<Map<number, StoryItemFacets[]>>;

  constructor(
    readonly records: readonly ChangeRecord[],
    private readonly services: Services,
  ) {
    this.loaders = new Loaders(services);
  }

  shared<T>(key: string, run: () => Promise<T>): Promise<T> {
    let result = this.results.get(key) as Promise<T> | undefined;
    if (!result) this.results.set(key, (result = run()));
    return result;
  }

  /** The articles the batch inserted, by id. */
  addedArticles(): Promise<Map<number, ArticleRow>> {
    return (this.articles ??= this.read('Article', ['INSERT'], (ids) => this.services.articles.byIds(ids)));
  }

  /** The news items the batch inserted, by id. */
  addedNewsItems(): Promise<Map<number, NewsItemRow>> {
    return (this.newsItems ??= this.read('NewsItem', ['INSERT'], (ids) => this.services.newsItems.byIds(ids)));
  }

  /** The stories the batch started or changed, by id, as they are now. */
  updatedStories(): Promise<Map<number, StoryRow>> {
    return (this.stories ??= this.read('Story', ['INSERT', 'UPDATE'], (ids) => this.services.stories.byIds(ids)));
  }

  /** What story filters look at in the news items of the stories the batch started or changed, by story id. */
  updatedStoryItems(): Promise<Map<number, StoryItemFacets[]>> {
    return (this.storyItems ??= (async () => {
      const ids = idsOf(this.records, 'Story', ['INSERT', 'UPDATE']);
      if (ids.length === 0) return new Map();
      const items = await this.services.stories.itemFacets(ids);
      return new Map(ids.map((id, i) => [id, items[i]]));
    })());
  }

  private async read<Row extends { id: number }>(entity: ChangeEntity, ops: readonly ChangeOp[], load: (ids: number[]) => Promise<(Row | null)[]>): Promise<Map<number, Row>> {
    const ids = idsOf(this.records, entity, ops);
    return ids.length === 0 ? new Map() : byId(await load(ids));
  }
}
