import { Field, ObjectType } from 'type-graphql';
import { Node } from './node.type';

/** A section of the news. */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A section of the news, such as World.' })
export class Category extends Node {
  rowId!: number;

  @Field()
  name!: string;

  @Field({ description: 'Lower-case name to filter articles by (`filter: { categories: [slug] }`).' })
  slug!: string;
}
