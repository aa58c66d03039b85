import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, IsoDateTime } from '../scalars/date-time.scalar';
import { Node } from './node.type';

/** How a source publishes. */
export enum SourceKind {
  RSS = 'RSS',
  ATOM = 'ATOM',
  JSON_FEED = 'JSON_FEED',
  HTML = 'HTML',
}
registerEnumType(SourceKind, { name: 'SourceKind', description: 'The format a source publishes in.' });

/** A publisher feed or page that Newsline reads. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A publisher feed or page that Newsline reads.' })
export class Source extends Node {
  rowId!: number;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  homepageUrl!: string | null;

  @Field({ description: 'The feed or page Newsline fetches.' })
  feedUrl!: string;

  @Field(() => SourceKind)
  kind!: SourceKind;

  @Field(() => String, { nullable: true })
  language!: string | null;
}

/** How a source's fetching goes. */
@ObjectType({ simpleResolvers: true, description: "How a source's fetching goes, and what it has given." })
export class SourceHealth {
  /** The source's row id, from which the counts are read when they are asked for. */
  sourceRowId!: number;

  @Field({ description: 'False while refreshing is paused.' })
  enabled!: boolean;

  @Field({ description: "Whether each entry's page is fetched for the full article." })
  fullText!: boolean;

  @Field(() => Int)
  fetchIntervalSeconds!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastFetchedAt!: IsoDateTime | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastSuccessAt!: IsoDateTime | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => Int, {
    description:
      "Article pages the last successful refresh could not read: a full-text source fetches each new entry's page for its article, " +
      'and an entry whose page failed is a news item without an article until a later refresh reads it. The next refresh tries them ' +
      'again, fetching the feed in full even when it has not changed. 0 for a source that is not full-text.',
  })
  pagesFailed!: number;

  @Field(() => String, { nullable: true, description: 'Why the first of those pages could not be read (its URL and the reason); null when pagesFailed is 0.' })
  lastPageError!: string | null;

  @Field(() => DateTimeScalar)
  nextFetchAt!: IsoDateTime;

  // articleCount and newsItemCount are resolved by SourceHealthResolver, only when asked for.
}
