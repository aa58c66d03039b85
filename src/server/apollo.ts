import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import depthLimit from 'graphql-depth-limit';
import type { Config } from '../config/config';
import type { Context } from '../graphql/context';
import { errorFormatter } from '../graphql/errors';
import { jitExecutor } from '../graphql/jit-executor';
import { newslineSchema } from '../graphql/schema';
import { describeError, Logger } from '../logger';

/** Makes the Apollo server: our schema, masked errors, a depth limit, and none of the per-field tracing plugins. */
export async function createApollo(config: Pick<Config, 'sandbox' | 'maxQueryDepth'>, logger: Logger): Promise<ApolloServer<Context>> {
  return new ApolloServer<Context>({
    gateway: jitExecutor(await newslineSchema()),
    introspection: config.sandbox,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter((error) => logger.error('internal error while answering a query', describeError(error))),
    validationRules: [depthLimit(config.maxQueryDepth)],
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    plugins: [
      // Cache hints and traces cost a hook on every field of every request; this API uses neither.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ footer: false }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
