import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from '../../domain/errors';
import type { QueryCost } from '../../graphql/cost/query-cost';
import { LimitError, LOWER_COST_HINT } from '../../graphql/errors';
import type { LimitedContext } from './request-budget';

/** Runs the pricing; input it cannot price is the client's to fix (400), its code given by the error formatter. */
function priced(price: () => number | null): number | null {
  try {
    return price();
  } catch (error) {
    if (error instanceof DomainError) throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
    throw error;
  }
}

/**
 * Prices each operation with the request's variables once Apollo knows which operation will run, refuses it
 * above the cost limit, and charges it to the client's budget: all before any resolver runs.
 */
export function costLimitPlugin(queryCost: QueryCost, maxCost: number): ApolloServerPlugin<LimitedContext> {
  const listener: GraphQLRequestListener<LimitedContext> = {
    async didResolveOperation({ document, request, contextValue }) {
      const cost = priced(() => queryCost(document, request.operationName, request.variables ?? {}));
      // No cost: no operation will run (none matches the name, or the variables do not fit their types).
      if (cost === null) return;
      contextValue.budget.cost = cost;
      if (cost > maxCost) {
        throw new LimitError(
          'COST_LIMIT_EXCEEDED',
          `This query costs ${cost} points; one query may cost at most ${maxCost}. ${LOWER_COST_HINT}`,
          400,
        );
      }
      await contextValue.budget.charge(cost);
    },
  };
  return { requestDidStart: async () => listener };
}
