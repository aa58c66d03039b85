import { Field, ObjectType } from 'type-graphql';

/** Relay page information. */
@ObjectType({ simpleResolvers: true, description: 'Where a page stands in its list (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'More items follow, reachable with `first` and `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'Items come before this page, reachable with `last` and `before: startCursor`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
