import { DocumentNode, FragmentDefinitionNode, getOperationAST, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, TypeNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { getComplexity } from 'graphql-query-complexity';
import { BadInputError } from '../../domain/errors';
import { CostContext, costEstimator } from './cost-estimator';

/** Costs kept per operation of a document: one per set of values of the variables a cost can depend on. */
const KEPT_PER_OPERATION = 64;

/** Longer keys (an Int variable sent as a huge string) are not worth keeping. */
const LONGEST_KEY = 256;

interface OperationCosts {
  /** The variables a cost can depend on: page sizes are Int, @include/@skip conditions Boolean. */
  variables: string[];
  byValues: Map<string, number>;
}

/** The name of a variable's type without its `!`, or null for lists (no page size or condition is a list). */
function namedType(type: TypeNode): string | null {
  if (type.kind === Kind.NON_NULL_TYPE) return namedType(type.type);
  return type.kind === Kind.NAMED_TYPE ? type.name.value : null;
}

function costVariables(operation: OperationDefinitionNode): string[] {
  return (operation.variableDefinitions ?? [])
    .filter((definition) => {
      const name = namedType(definition.type);
      return name === 'Int' || name === 'Boolean';
    })
    .map((definition) => definition.variable.name.value);
}

function valuesKey(names: string[], variables: Record<string, unknown>): string {
  let key = '';
  for (const name of names) key += `${variables[name] === undefined ? '-' : JSON.stringify(variables[name])},`;
  return key;
}

/** Computes what an operation costs (see costEstimator) before it runs, with the request's variables. */
export type QueryCost = (document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>) => number | null;

/**
 * Makes the cost function of a schema; an operation whose fragments spread to more than `maxFields` fields
 * (fragments spread in fragments multiply) is refused, since pricing it takes time in proportion. Costs depend on the document and on its Int and Boolean variables only,
 * so they are kept per parsed document (which Apollo keeps while it caches the document) and those values:
 * a feed paged with `after` costs one map lookup after its first page.
 */
export function queryCostOf(schema: GraphQLSchema, maxFields: number): QueryCost {
  const kept = new WeakMap<DocumentNode, Map<string, OperationCosts>>();

  const compute = (document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number | null => {
    // Variables that do not fit their types are refused by execution before any resolver runs; no cost to charge.
    if (getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }).errors) return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const context: CostContext = { fragments, fields: 0, maxFields };
    try {
      return getComplexity({
        schema,
        query: document,
        operationName: operation.name?.value,
        variables,
        estimators: [costEstimator],
        context: context as unknown as Record<string, unknown>,
        // The estimator counts fields itself and says so in the refusal.
        maxQueryNodes: Infinity,
      });
    } catch (error) {
      // Raised while reading arguments, such as a null variable given to a non-null argument.
      if (error instanceof GraphQLError && error.extensions.code === undefined) throw new BadInputError(error.message);
      throw error;
    }
  };

  return (document, operationName, variables) => {
    const operation = getOperationAST(document, operationName);
    if (!operation) return null;
    let byOperation = kept.get(document);
    if (!byOperation) kept.set(document, (byOperation = new Map()));
    let costs = byOperation.get(operationName ?? '');
    if (!costs) byOperation.set(operationName ?? '', (costs = { variables: costVariables(operation), byValues: new Map() }));
    const key = valuesKey(costs.variables, variables);
    const known = costs.byValues.get(key);
    if (known !== undefined) return known;
    const cost = compute(document, operation, variables);
    if (cost !== null && key.length <= LONGEST_KEY && costs.byValues.size < KEPT_PER_OPERATION) costs.byValues.set(key, cost);
    return cost;
  };
}
