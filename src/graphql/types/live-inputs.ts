import { ArgsType, Field } from 'type-graphql';
import { ArticleFilter, NewsItemFilter, StoryFilter } from './inputs';

const AFTER = 'The `cursor` of the last event received: the subscription first sends every later event already recorded, then live ones, none twice and none skipped.';

/** Arguments of `articleAdded`. */
@ArgsType()
export class ArticleAddedArgs {
  @Field(() => ArticleFilter, { nullable: true, description: 'Only the articles the `articles` list with this filter would hold.' })
  filter?: ArticleFilter | null;

  @Field(() => String, { nullable: true, description: AFTER })
  after?: string | null;
}

/** Arguments of `newsItemAdded`. */
@ArgsType()
export class NewsItemAddedArgs {
  @Field(() => NewsItemFilter, { nullable: true, description: 'Only the news items the `newsItems` list with this filter would hold.' })
  filter?: NewsItemFilter | null;

  @Field(() => String, { nullable: true, description: AFTER })
  after?: string | null;
}

/** Arguments of `storyUpdated`. */
@ArgsType()
export class StoryUpdatedArgs {
  @Field(() => StoryFilter, { nullable: true, description: 'Only the stories the `stories` list with this filter would hold.' })
  filter?: StoryFilter | null;

  @Field(() => String, { nullable: true, description: AFTER })
  after?: string | null;
}
