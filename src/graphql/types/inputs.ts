import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { SearchOrder } from '../../domain/search';
import { DateTimeScalar } from '../scalars/date-time.scalar';
import { StoryOrder } from './story.type';

/** How a language filter reads its tag. */
const LANGUAGE_RANGE = ' range (RFC 4647 basic filtering, any case): a BCP 47 tag such as "en" takes "en", "en-GB", "en-US"; "en-GB" takes "en-GB" and "en-GB-oxendict", not "en" or "en-US".';

/** A half-open range of instants. */
@InputType({ description: 'A half-open range of instants: `from` inclusive, `to` exclusive; either may be left out.' })
export class DateTimeRange {
  @Field(() => DateTimeScalar, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  to?: Date | null;
}

/** Filters of the article list. */
@InputType({ description: 'Which articles to list; filters combine with AND.' })
export class ArticleFilter {
  @Field(() => DateTimeRange, { nullable: true })
  publishedAt?: DateTimeRange | null;

  @Field(() => [ID], { nullable: true, description: 'Only articles of these sources (1 to 100 Source IDs).' })
  sourceIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only articles in these categories, by slug (1 to 100).' })
  categories?: string[] | null;

  @Field(() => String, { nullable: true, description: `Only articles in this language${LANGUAGE_RANGE}` })
  language?: string | null;
}

/** Filters of the news item list. */
@InputType({ description: 'Which news items to list; filters combine with AND.' })
export class NewsItemFilter {
  @Field(() => DateTimeRange, { nullable: true })
  publishedAt?: DateTimeRange | null;

  @Field(() => [ID], { nullable: true, description: 'Only items of these sources (1 to 100 Source IDs).' })
  sourceIds?: string[] | null;
}

/** Relay pagination arguments. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size from the start of the list (1 to 100, default 20).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item after which the page starts.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the end of the list (1 to 100).' })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item before which the page ends.' })
  before?: string | null;
}

/** Arguments of `articles`. */
@ArgsType()
export class ArticlesArgs extends PageArgs {
  @Field(() => ArticleFilter, { nullable: true })
  filter?: ArticleFilter | null;
}

/** Arguments of `newsItems`. */
@ArgsType()
export class NewsItemsArgs extends PageArgs {
  @Field(() => NewsItemFilter, { nullable: true })
  filter?: NewsItemFilter | null;
}

/** The arguments every search takes beside its filter. */
@ArgsType()
export class SearchArgs extends PageArgs {
  @Field({ description: 'What to look for: words (all must match), "quoted phrases", OR between alternatives, -excluded words; 1 to 256 characters.' })
  query!: string;

  @Field(() => SearchOrder, { defaultValue: SearchOrder.RELEVANCE })
  orderBy!: SearchOrder;
}

/** Filters of the story list. */
@InputType({ description: 'Which stories to list: those with a headline matching every filter given.' })
export class StoryFilter {
  @Field(() => DateTimeRange, { nullable: true, description: 'Headlines published in this window; TOP counts the sources of these only.' })
  publishedAt?: DateTimeRange | null;

  @Field(() => [ID], { nullable: true, description: 'Headlines of these sources (1 to 100 Source IDs).' })
  sourceIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Headlines whose article is in these categories, by slug (1 to 100)." })
  categories?: string[] | null;

  @Field(() => String, { nullable: true, description: `Headlines whose article is in this language${LANGUAGE_RANGE}` })
  language?: string | null;
}

/** Arguments of `stories`. */
@ArgsType()
export class StoriesArgs extends PageArgs {
  @Field(() => StoryFilter, { nullable: true })
  filter?: StoryFilter | null;

  @Field(() => StoryOrder, { defaultValue: StoryOrder.TOP })
  orderBy!: StoryOrder;
}

/** Arguments of `searchArticles`. */
@ArgsType()
export class SearchArticlesArgs extends SearchArgs {
  @Field(() => ArticleFilter, { nullable: true })
  filter?: ArticleFilter | null;
}

/** Arguments of `searchNewsItems`. */
@ArgsType()
export class SearchNewsItemsArgs extends SearchArgs {
  @Field(() => NewsItemFilter, { nullable: true })
  filter?: NewsItemFilter | null;
}
