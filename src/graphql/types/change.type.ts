import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/date-time.scalar';
import { Node } from './node.type';
import { PageInfo } from './page-info.type';

/** What happened to a node. */
export enum ChangeKind {
  UPSERT = 'UPSERT',
  DELETE = 'DELETE',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What a Change did to its node.',
  valuesConfig: {
    UPSERT: { description: 'Created or updated: `node` holds it as it is now.' },
    DELETE: { description: 'Removed: only `id` is left; drop it from the local copy.' },
  },
});

/** One node that changed since a sync cursor. */
@ObjectType({ simpleResolvers: true, description: 'An Article, NewsItem, Source or Story that was created, updated or removed.' })
export class Change {
  @Field({ description: 'Opaque position of this change; pass it as `changes(after:)` to get what changed since.' })
  cursor!: string;

  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Field(() => ID, { description: "The node's global ID, for DELETE as for UPSERT." })
  id!: string;

  @Field({ description: 'The node type: Article, NewsItem, Source or Story.' })
  type!: string;

  // Not simple: a promise of the node, loaded with the page's other nodes of its type in one statement.
  @Field(() => Node, { nullable: true, simple: false, description: 'The node as it is now, for UPSERT; null for DELETE.' })
  node!: Node | null;

  @Field(() => DateTimeScalar, { description: 'When the change was committed.' })
  changedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'One Change in a list, with its cursor.' })
export class ChangeEdge {
  @Field({ description: 'Opaque position of this change; pass it as `after`.' })
  cursor!: string;

  @Field(() => Change)
  node!: Change;
}

/** A page of changes. */
@ObjectType({ simpleResolvers: true, description: 'A page of changes, oldest first (a Relay connection without totalCount).' })
export class ChangeConnection {
  @Field(() => [ChangeEdge])
  edges!: ChangeEdge[];

  @Field(() => [Change], { description: 'The changes of `edges`.' })
  nodes!: Change[];

  @Field(() => PageInfo, {
    description: '`endCursor` is where to go on from: the last change, or when there is none the cursor asked after, so that a client always has one to store.',
  })
  pageInfo!: PageInfo;
}
