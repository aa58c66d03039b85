import { Field, InputType, Int } from 'type-graphql';
import { SourceKind } from './source.type';

/** What to subscribe to. */
@InputType({ description: 'A feed or page to subscribe to.' })
export class AddSourceInput {
  @Field({ description: 'The feed URL, a site home page that advertises a feed, or an article page.' })
  url!: string;

  @Field(() => String, { nullable: true, description: "Defaults to the feed's title." })
  name?: string | null;

  @Field(() => SourceKind, { nullable: true, description: 'Detected from the document when left out.' })
  kind?: SourceKind | null;

  @Field(() => Boolean, { nullable: true, description: "Fetch each entry's page for the full article (feeds with summaries only)." })
  fullText?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Minutes between refreshes (default 15).' })
  fetchIntervalMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 tag, when the feed does not say.' })
  language?: string | null;
}

/** What to change on a source; fields left out stay as they are. */
@InputType({ description: 'Settings of a source to change; fields left out stay as they are.' })
export class UpdateSourceInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  fullText?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'False pauses refreshing.' })
  enabled?: boolean | null;

  @Field(() => Int, { nullable: true })
  fetchIntervalMinutes?: number | null;

  @Field(() => String, { nullable: true })
  language?: string | null;
}
