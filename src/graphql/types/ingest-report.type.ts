import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar';

/** How a refresh ended. */
export enum IngestStatus {
  UPDATED = 'UPDATED',
  NOT_MODIFIED = 'NOT_MODIFIED',
  FAILED = 'FAILED',
}
registerEnumType(IngestStatus, {
  name: 'IngestStatus',
  description: 'How a refresh ended: read and stored, unchanged since the last fetch (HTTP 304), or failed.',
});

/** What one refresh found and wrote. */
@ObjectType({ simpleResolvers: true, description: 'What one refresh of a source found and wrote.' })
export class IngestReport {
  sourceId!: number;

  @Field(() => IngestStatus)
  status!: IngestStatus;

  @Field(() => Int, { description: 'Entries the feed or page held.' })
  itemsSeen!: number;

  @Field(() => Int)
  itemsAdded!: number;

  @Field(() => Int, { description: 'Entries whose headline, link or article changed.' })
  itemsUpdated!: number;

  @Field(() => Int)
  itemsUnchanged!: number;

  @Field(() => Int)
  articlesAdded!: number;

  @Field(() => Int)
  articlesUpdated!: number;

  @Field(() => [String], { description: 'What went wrong: the fetch as a whole, or entries that were skipped.' })
  errors!: string[];

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => DateTimeScalar, { description: 'When the source will be refreshed next.' })
  nextFetchAt!: Date;
}
