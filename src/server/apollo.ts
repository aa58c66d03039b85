import { ApolloServer } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, NoFragmentCyclesRule, validate, ValidationContext, ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import type { Config } from '../config/config';
import { cacheMaxAgeOf } from '../graphql/cache/cache-policy';
import { queryCostOf } from '../graphql/cost/query-cost';
import { errorFormatter } from '../graphql/errors';
import { jitExecutor } from '../graphql/jit-executor';
import { newslineSchema } from '../graphql/schema';
import { describeError, Logger } from '../logger';
import { cacheControlPlugin, CachingContext } from './caching/cache-control-plugin';
import { costLimitPlugin } from './limits/cost-limit-plugin';
import type { LimitedContext } from './limits/request-budget';

type ApolloConfig = Pick<Config, 'env' | 'sandbox' | 'maxQueryDepth' | 'maxQueryCost' | 'maxAliases' | 'maxDirectives' | 'maxTokens'>;

/** graphql-armor's rules report through this: a plain validation error, without the "Syntax Error" they prefix it with. */
const reportLimit = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} See the README, "Limits".`));

/**
 * graphql-depth-limit follows fragment spreads without looking for cycles: `{ ...A } fragment A on Query { ...A }`
 * overflows its stack, which Apollo answers with a 500. graphql-js's NoFragmentCyclesRule (one of the rules Apollo
 * runs anyway) reports such a document; depth is measured only on documents without a cycle.
 */
function depthLimitRule(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth);
  return (context) => {
    if (validate(context.getSchema(), context.getDocument(), [NoFragmentCyclesRule]).length > 0) return {};
    // It reports each field past the limit as "'<operation name>' exceeds …" ('' when anonymous): one error per
    // operation is enough, said the way the other limits say it.
    const reported = new Set<string>();
    const reporting = Object.create(context, {
      reportError: {
        value: (error: GraphQLError) => {
          const operation = /^'(.*)' exceeds maximum operation depth/s.exec(error.message)?.[1] ?? '';
          if (reported.has(operation)) return;
          reported.add(operation);
          const which = operation === '' ? 'The operation' : `The operation ${operation}`;
          context.reportError(new GraphQLError(`${which} nests deeper than ${maxDepth} levels (MAX_QUERY_DEPTH). See the README, "Limits".`, { nodes: error.nodes }));
        },
      },
    }) as ValidationContext;
    rule(reporting);
    return {};
  };
}

/**
 * Over HTTP, queries and mutations only: subscriptions are served over WebSocket (server/live). graphql-jit would
 * fail a subscription with an error Apollo masks as internal.
 */
const HttpOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError('Subscriptions are served over WebSocket (the graphql-ws protocol) at this same /graphql URL; over HTTP, send a query or a mutation.', { nodes: node }),
    );
  },
});

/** The document limits (depth, aliases, directives) as validation rules, for HTTP and WebSocket alike. */
export function documentLimitRules(config: Pick<Config, 'maxQueryDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  const armor = { propagateOnRejection: false, onReject: [reportLimit] };
  return [depthLimitRule(config.maxQueryDepth), maxAliasesRule({ n: config.maxAliases, ...armor }), maxDirectivesRule({ n: config.maxDirectives, ...armor })];
}

/**
 * Makes the Apollo server: our schema, masked errors, the document limits (tokens, depth, aliases, directives,
 * cost) checked before anything runs, the cache policy of each document, automatic persisted queries kept in
 * `persistedQueries` (none when null), and none of the per-field plugins.
 */
export async function createApollo(config: ApolloConfig, logger: Logger, persistedQueries: KeyValueCache<string> | null): Promise<ApolloServer<LimitedContext & CachingContext>> {
  const schema = await newslineSchema();
  return new ApolloServer<LimitedContext & CachingContext>({
    gateway: jitExecutor(schema),
    introspection: config.sandbox,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter((error) => logger.error('internal error while answering a query', describeError(error)), {
      hideSuggestions: config.env === 'production',
    }),
    parseOptions: { maxTokens: config.maxTokens },
    // Validation is kept per document by Apollo, so these cost nothing on a document seen before.
    validationRules: [HttpOperationTypesRule, ...documentLimitRules(config)],
    // The HTTP layer refuses POSTs a browser could send cross-site (see csrf.ts); Apollo's own check would also
    // refuse plain GETs, which never run a mutation.
    csrfPrevention: false,
    // Automatic persisted queries (PERSISTED_QUERIES=auto); the manifest's IDs are resolved before (persisted-documents.ts).
    persistedQueries: persistedQueries ? { cache: persistedQueries } : false,
    stopOnTerminationSignals: false,
    plugins: [
      // No more fields once fragments are spread than the document may hold tokens.
      costLimitPlugin(queryCostOf(schema, config.maxTokens), config.maxQueryCost),
      // Cache-Control from the cache hints, computed once per document (cacheControlPlugin) instead of by Apollo's
      // plugin, which costs a hook on every field of every request; traces would cost the same.
      cacheControlPlugin(cacheMaxAgeOf(schema)),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ footer: false }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
