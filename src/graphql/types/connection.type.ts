import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { COUNT_COST } from '../cost/cost-estimator';
import { PageInfo } from './page-info.type';

/** Declares the Relay `<Name>Edge` and `<Name>Connection` types for a node type; `edgeFields` (an abstract type) adds fields to the edge. */
export function connectionTypes<T extends object>(name: string, nodeType: ClassType<T>, edgeFields: ClassType = class {}) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${nodeType.name} in a list, with its cursor.` })
  class Edge extends edgeFields {
    @Field({ description: 'Opaque position of this item; pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${nodeType.name} items (a Relay connection).` })
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // Not simple: the value is a promise of a count query, run only when this field is selected.
    @Field(() => Int, { simple: false, complexity: COUNT_COST, description: 'How many items match the filter in all; counted only when asked for.' })
    totalCount!: number;
  }

  return { Edge, Connection };
}
