import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar, IsoDateTime } from '../scalars/date-time.scalar';
import { Node } from './node.type';

/** One headline in a source's news line. */
@ObjectType({ implements: Node, simpleResolvers: true, description: "One headline in a publisher's news line." })
export class NewsItem extends Node {
  rowId!: number;
  sourceId!: number;
  articleId!: number | null;
  storyId!: number | null;

  @Field()
  title!: string;

  @Field()
  url!: string;

  @Field(() => DateTimeScalar)
  publishedAt!: IsoDateTime;

  @Field(() => DateTimeScalar, { description: 'When Newsline first stored it.' })
  firstSeenAt!: IsoDateTime;
}
