import { Field, ID, InterfaceType } from 'type-graphql';

/** Global object identification: anything with an ID that `node(id:)` can fetch again. */
@InterfaceType({ description: 'An object with a global ID that `node(id:)` can fetch again.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;
}
