import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { RELEVANCE_CANDIDATES, SearchOrder } from '../../domain/search';
import { HIGHLIGHTS_COST } from '../cost/cost-estimator';

registerEnumType(SearchOrder, {
  name: 'SearchOrder',
  description: 'How search results are ordered.',
  valuesConfig: {
    RELEVANCE: {
      description: `Highest score first: title matches over summary over body, fresh news lifted a little; ranks the newest ${RELEVANCE_CANDIDATES.toLocaleString('en-US')} matches.`,
    },
    NEWEST: { description: 'Newest first by publication time, like `articles`; every match.' },
  },
});

/** Where a found item matched, as HTML. */
@ObjectType({ simpleResolvers: true, description: 'Where a found item matched, as HTML: its text escaped, the words that matched in `<mark>`.' })
export class SearchHighlights {
  @Field({ description: 'The whole title.' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A passage of 15 to 35 words of the text around the matches, or its opening when only the title matched; null for a news item, whose title is all its text.',
  })
  snippet!: string | null;
}

/** What an edge of search results has beside its cursor and node. */
@ObjectType({ description: "Declared only to be inherited by search edges; not in the schema." })
export class SearchEdgeFields {
  @Field(() => Float, { description: 'How well the item matches: its text rank for the query, lifted by recency (README, "Search").' })
  score!: number;

  // Not simple: a promise, read for the whole page in one statement when first asked for.
  @Field(() => SearchHighlights, { simple: false, complexity: HIGHLIGHTS_COST })
  highlights!: Promise<SearchHighlights>;
}
