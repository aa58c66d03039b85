import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { OperationTypeNode } from 'graphql';
import type { CacheMaxAge } from '../../graphql/cache/cache-policy';

/** What a request's GraphQL operation says about keeping its answer; the HTTP layer turns it into headers. */
export class CacheFacts {
  /** The operation that ran; null when none did (the request did not parse, validate or name one). */
  operation: OperationTypeNode | null = null;
  /** Seconds the answer may be kept, from the cache hints of the fields asked for. */
  maxAge = 0;
  /** The answer holds errors: it is not kept. */
  failed = false;
}

/** The part of a request's context that the plugin fills in. */
export interface CachingContext {
  caching: CacheFacts;
}

/**
 * Records the operation's kind and max-age once Apollo knows which operation runs (the max-age computed once per
 * document, see cache-policy.ts), and whether the answer holds errors. Unlike Apollo's cache-control plugin it has
 * no per-field hook, which would run on every field of every request.
 */
export function cacheControlPlugin(maxAgeOf: CacheMaxAge): ApolloServerPlugin<CachingContext> {
  const listener: GraphQLRequestListener<CachingContext> = {
    async didResolveOperation({ document, operation, contextValue }) {
      if (!operation) return;
      contextValue.caching.operation = operation.operation;
      contextValue.caching.maxAge = maxAgeOf(document, operation);
    },
    async willSendResponse({ response, contextValue }) {
      const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
      if (result.errors?.length) contextValue.caching.failed = true;
    },
  };
  return { requestDidStart: async () => listener };
}
