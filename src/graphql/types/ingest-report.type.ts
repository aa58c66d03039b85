import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FULL_CONTENT_WORDS } from '../../domain/reading';
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

  @Field(() => Int, {
    description:
      `Entries stored as news items only (headlines without an article): under ${FULL_CONTENT_WORDS} words of content in the feed, and the source is not \`fullText\`, so their pages are not read.`,
  })
  headlinesOnly!: number;

  @Field(() => Int, { description: 'Article pages read for a `fullText` source in this refresh.' })
  pagesFetched!: number;

  @Field(() => Int, { description: 'Article pages of a `fullText` source that could not be read; each is also listed in `errors`.' })
  pagesFailed!: number;

  @Field(() => [String], { description: 'What went wrong: the fetch as a whole, or entries that were skipped.' })
  errors!: string[];

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => DateTimeScalar, { description: 'When the source will be refreshed next.' })
  nextFetchAt!: Date;
}
