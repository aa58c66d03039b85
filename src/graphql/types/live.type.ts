import { Field, ObjectType } from 'type-graphql';
import type { Loaders } from '../loaders/loaders';
import { Article } from './article.type';
import { NewsItem } from './news-item.type';
import { Story } from './story.type';

const CURSOR = 'Where this event stands in the stream of changes: pass it as `after` when subscribing again to receive every later event, none twice and none skipped.';

/**
 * What every live event is inside the server: the node and its stream cursor, shaped like a connection's edge, and
 * the loaders of the batch of changes it came in, which resolve its relation fields (shared by every subscriber the
 * batch is pushed to, and dropped with the batch).
 */
export interface LiveEvent<N> {
  cursor: string;
  node: N;
  loaders: Loaders;
}

/** A new article pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'An article that was just stored, with its place in the stream.' })
export class ArticleAddedEvent implements LiveEvent<Article> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => Article)
  node!: Article;

  loaders!: Loaders;
}

/** A new news item pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'A headline that was just stored, with its place in the stream.' })
export class NewsItemAddedEvent implements LiveEvent<NewsItem> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => NewsItem)
  node!: NewsItem;

  loaders!: Loaders;
}

/** A new or grown story pushed to a subscription. */
@ObjectType({ simpleResolvers: true, description: 'A story that was just started or changed (a headline joined it), as it is now, with its place in the stream.' })
export class StoryUpdatedEvent implements LiveEvent<Story> {
  @Field({ description: CURSOR })
  cursor!: string;

  @Field(() => Story)
  node!: Story;

  loaders!: Loaders;
}
