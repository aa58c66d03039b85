import { ApolloServer } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, GraphQLErrorOptions, GraphQLFormattedError, NoFragmentCyclesRule, OperationDefinitionNode, validate, ValidationContext, ValidationRule } from 'graphql';
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

/** The errors of the document limits, told apart from the other validation errors. */
const limitErrors = new WeakSet<Error>();

function limitError(message: string, options?: GraphQLErrorOptions): GraphQLError {
  const error = new GraphQLError(message, options);
  limitErrors.add(error);
  return error;
}

/**
 * A document over a limit is answered with that refusal alone: what the other rules find in it adds nothing (60
 * `@skip` on one field were the directive limit's error and 59 "can only be used once").
 */
export function onlyLimitErrors<E extends Error>(errors: readonly E[]): readonly E[] {
  const limits = errors.filter((error) => limitErrors.has(error));
  return limits.length > 0 ? limits : errors;
}

/** Codes of errors that say the database failed the request, not the field: the same for every field it failed. */
const OUTAGE_CODES = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT', 'INTERNAL_SERVER_ERROR']);

/**
 * The errors of an answer with each outage said once: when the database is away or slow, every field that needed it
 * fails with the same masked error (a page of 100 articles with their bodies got 201 of them). The first keeps its path.
 */
export function outagesOnce<E extends GraphQLFormattedError>(errors: readonly E[]): readonly E[] {
  const said = new Set<string>();
  const kept = errors.filter((error) => {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !OUTAGE_CODES.has(code)) return true;
    const key = `${code}\n${error.message}`;
    if (said.has(key)) return false;
    said.add(key);
    return true;
  });
  return kept.length === errors.length ? errors : kept;
}

/** graphql-armor's rules report through this: a plain validation error, without the "Syntax Error" they prefix it with. */
const reportLimit = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(limitError(`${error.message.replace(/^Syntax Error: /, '')} See the README, "Limits".`));

/**
 * The depth limit: graphql-armor's rule, which measures each fragment once (graphql-depth-limit, used before, walked
 * every spread of every fragment anew, so a 1.7 KB document of 40 fragments each spreading the previous one twice
 * held the only thread for minutes: 2^40 walks). Depth counts nested fields, as before: the operation's own fields
 * are at depth 0 for us and 1 for graphql-armor, fragments add none, and `__schema` (introspection) is not counted.
 * Documents with a fragment cycle are left to graphql-js's NoFragmentCyclesRule (one of the rules Apollo runs
 * anyway), so they get its error alone. One error per operation, said the way the other limits say it.
 */
function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => {
    if (validate(context.getSchema(), context.getDocument(), [NoFragmentCyclesRule]).length > 0) return {};
    let operation: OperationDefinitionNode | undefined;
    const tooDeep = () => {
      const which = operation?.name ? `The operation ${operation.name.value}` : 'The operation';
      context.reportError(limitError(`${which} nests deeper than ${maxDepth} levels (MAX_QUERY_DEPTH). See the README, "Limits".`, { nodes: operation }));
    };
    const armor = maxDepthRule({ n: maxDepth + 1, flattenFragments: true, ignoreIntrospection: true, propagateOnRejection: false, onReject: [tooDeep] })(context);
    const enter = armor.OperationDefinition as { enter: (node: OperationDefinitionNode) => void };
    return {
      OperationDefinition(node) {
        operation = node;
        enter.enter.call(armor, node);
      },
    };
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
  return [depthLimitRule(config.maxQueryDepth), maxAliasesRule({ n: config.maxAliases, allowList: [], ...armor }), maxDirectivesRule({ n: config.maxDirectives, ...armor })];
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
      {
        // Apollo answers with the array this hook is given: a document over a limit gets that refusal alone.
        async requestDidStart() {
          return {
            async validationDidStart() {
              return async (errors) => {
                if (!errors) return;
                const kept = onlyLimitErrors(errors);
                if (kept !== errors) (errors as Error[]).splice(0, errors.length, ...kept);
              };
            },
            async willSendResponse({ response }) {
              if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
              response.body.singleResult.errors = outagesOnce(response.body.singleResult.errors);
            },
          };
        },
      },
      // No more fields once fragments are spread than the document may hold tokens.
      costLimitPlugin(queryCostOf(schema, config.maxTokens), config.maxQueryCost),
      // Cache-Control from the cache hints, computed once per document (cacheControlPlugin) instead of by Apollo's
      // plugin, which costs a hook on every field of every request; traces would cost the same.
      cacheControlPlugin(cacheMaxAgeOf(schema)),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // The sandbox loads the schema once, not every few seconds: its introspection query costs 1,580 points of the
      // developer's rate budget, and a running server's schema changes only when it restarts (reload the page then).
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: { initialState: { pollForSchemaUpdates: false } } })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
