import type http from 'node:http';
import type { Config } from '../../config/config';
import { queryCostOf } from '../../graphql/cost/query-cost';
import { LiveFeed, type ChangeLogBounds } from '../../graphql/live/live-feed';
import { newslineSchema } from '../../graphql/schema';
import { describeError, type Logger } from '../../logger';
import type { Services } from '../../services';
import type { ChangeStream } from '../../services/change-stream';
import type { AutomaticQueryStore, PersistedDocuments } from '../caching/persisted-documents';
import { clientIdentifier } from '../limits/client-identity';
import type { RateLimiter } from '../limits/rate-limiter';
import type { Metrics } from '../metrics';
import { liveOperations } from './live-operations';
import { attachLiveServer } from './live-server';

/** Live updates of one API process: its feed of changes and its WebSocket endpoint. */
export interface Live {
  feed: LiveFeed;
  /** Closes every subscription connection (1001) and stops following changes. */
  close(): Promise<void>;
}

export interface LiveDeps {
  server: http.Server;
  config: Config;
  logger: Logger;
  services: Services;
  changes: ChangeStream;
  log: ChangeLogBounds;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  persistedDocuments: PersistedDocuments;
  /** The store of automatic persisted queries (PERSISTED_QUERIES=auto), shared with HTTP requests. */
  persistedQueries: AutomaticQueryStore | null;
}

/** Serves subscriptions on the server's /graphql, following the process's stream of changes. */
export async function startLive(deps: LiveDeps): Promise<Live> {
  const { config, logger } = deps;
  const schema = await newslineSchema();
  const feed = new LiveFeed(deps.changes, deps.log, deps.services, config.liveMaxReplay);
  const operations = liveOperations({
    schema,
    config,
    services: deps.services,
    live: feed,
    queryCost: queryCostOf(schema, config.maxTokens),
    persistedDocuments: deps.persistedDocuments,
    persistedQueries: deps.persistedQueries,
    logInternal: (error) => logger.error('internal error in a subscription', describeError(error)),
  });
  const sockets = attachLiveServer(deps.server, {
    config,
    operations,
    rateLimiter: deps.rateLimiter,
    identifyClient: clientIdentifier(config),
    registry: deps.metrics.registry,
    logger,
  });
  return {
    feed,
    async close() {
      await sockets.close();
      feed.close();
    },
  };
}
