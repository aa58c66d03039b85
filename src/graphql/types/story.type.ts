import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, IsoDateTime } from '../scalars/date-time.scalar';
import { Node } from './node.type';

/** How `stories` is ordered. */
export enum StoryOrder {
  TOP = 'TOP',
  NEWEST = 'NEWEST',
}
registerEnumType(StoryOrder, {
  name: 'StoryOrder',
  description: 'The order of `stories`.',
  valuesConfig: {
    TOP: {
      description:
        'Most reported first: by distinct sources (in the `publishedAt` window when one is given) and recency, each ' +
        'doubling of the sources counting as 24 hours fresher (sources × 2^(−age / 24 h)).',
    },
    NEWEST: { description: 'By the latest headline (in the `publishedAt` window when one is given), newest first.' },
  },
});

/** The headlines of different sources that report one event, grouped as they arrive. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'The headlines and articles of different sources that report one event, grouped as they arrive.' })
export class Story extends Node {
  rowId!: number;

  @Field({ description: 'A representative headline: the one that started the story.' })
  title!: string;

  @Field(() => DateTimeScalar, { description: 'When its first headline was published.' })
  firstPublishedAt!: IsoDateTime;

  @Field(() => DateTimeScalar, { description: 'When its latest headline was published.' })
  lastPublishedAt!: IsoDateTime;

  @Field(() => Int, { description: 'How many distinct sources report it.' })
  sourceCount!: number;

  @Field(() => Int, { description: 'How many headlines (news items) it holds.' })
  itemCount!: number;
}
