import { Field, ObjectType } from 'type-graphql';
import type { Loaders } from '../loaders/loaders';
import { Article } from './article.type';
import { NewsItem } from './news-item.type';
import { Story } from './story.type';

const CURSOR = 'Where this event stands in the stream of changes: pass it as `after` when subscribing again to receive every later event, none twice and none skipped.';

/** What the subscribers of one batch of changes share: its loaders, and what was computed once for all of them. */
export interface SharedBatch {
  /** Resolve the relation fields of the batch's events (the "request" is the batch), for every subscriber at once. */
  readonly loaders: Loaders;
  /** The result of `run` for `key`, run once per batch: subscribers with the same document and variables get one execution. */
  shared<T>(key: string, run: () => Promise<T>): Promise<T>;
}

/**
 * What every live event is inside the server: the node and its stream cursor, shaped like a connection's edge, and
 * the batch of changes it came in (dropped with the batch).
 */
export interface LiveEvent<N> {
  cursor: string;
  node: N;
  batch: SharedBatch;
  /** Read from the log for this subscriber alone (a resume with `after`), not shared by the live subscribers. */
  replayed?: boolean;
}

/** A new article pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'An article that was just stored, with its place in the stream.' })
export class ArticleAddedEvent implements LiveEvent<Article> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => Article)
  node!: Article;

  batch!: SharedBatch;
}

/** A new news item pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'A headline that was just stored, with its place in the stream.' })
export class NewsItemAddedEvent implements LiveEvent<NewsItem> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => NewsItem)
  node!: NewsItem;

  batch!: SharedBatch;
}

/** A new or grown story pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'A story that was just started or changed (a headline joined it), as it is now, with its place in the stream.' })
export class StoryUpdatedEvent implements LiveEvent<Story> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => Story)
  node!: Story;

  batch!: SharedBatch;
}
