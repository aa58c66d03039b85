import { newslineSchema } from './graphql/schema';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { Config, ConfigError } from './config/config';
import { loadDemoData } from './demo/demo-data';
import { schemaSdl } from './graphql/schema';
import { changeNotifications } from './db/change-notifications';
import { ChangeLogRepository } from './db/repositories/change-log.repository';
import { groupRecentStories } from './db/repositories/story-grouping';
import type { Ingest } from './ingest';
import { describeError, Logger } from './logger';
import { openRuntime, Runtime } from './runtime';
import { createApollo } from './server/apollo';
import { startLive, type Live } from './server/live/start-live';
import { PersistedDocuments } from './server/caching/persisted-documents';
import { PersistedQueryStore } from './server/caching/persisted-query-store';
import { answerClientError, createHttpServer, requestListener, waitingListener } from './server/http-server';
import { codeFingerprint } from './server/code-fingerprint';
import { clientIdentifier } from './server/limits/client-identity';
import { createRateLimiter } from './server/limits/rate-limiter';
import { Metrics } from './server/metrics';
import { changeLogVersion } from './server/data-version';
import { openRedis, redisDatabaseProblem } from './server/redis';
import { ResponseCache } from './server/response-cache';
import type { Services } from './services';
import { ChangeStream } from './services/change-stream';

/** The size of the demo data set loaded into an empty database. */
export const DEMO_SIZE = { articles: 2000, newsItems: 5000 };

/** A running Newsline server. */
export interface App {
  url: string;
  dataSource: DataSource;
  services: Services;
  ingest: Ingest;
  /** This process's stream of changes from every process: subscriptions and the response cache follow it. */
  changes: ChangeStream;
  server: http.Server;
  /** Drains requests in flight (up to the shutdown timeout), stops refreshing, then closes the database. */
  stop(): Promise<void>;
}

/**
 * What, besides a request, decides its answer on this process: the code (its resolvers), the schema, and the
 * settings that refuse or shape a query (persisted queries and their manifest, introspection, error masking, the
 * limits, how long changes are kept). Processes share cached answers through Redis only where it is the same: an
 * answer made by a process with looser settings (PERSISTED_QUERIES=auto, SANDBOX=on) was served by one that refuses
 * such queries, and one made by the build before a deploy by the build after it.
 */
async function answerPolicy(config: Config, persistedDocuments: PersistedDocuments): Promise<string> {
  const { env, sandbox, maxQueryDepth, maxQueryCost, maxAliases, maxDirectives, maxTokens, maxResponseBytes, changesRetentionDays } = config;
  const settings = { env, sandbox, maxQueryDepth, maxQueryCost, maxAliases, maxDirectives, maxTokens, maxResponseBytes, changesRetentionDays };
  return createHash('sha256')
    .update(await codeFingerprint())
    .update(await schemaSdl())
    .update(JSON.stringify(settings))
    .update(persistedDocuments.fingerprint)
    .digest('base64url');
}

/** The response cache, keyed by the change stream's position (read again after each mutation of this process), shared through Redis when REDIS_URL is set. */
async function openResponseCache(
  config: Config,
  persistedDocuments: PersistedDocuments,
  changes: ChangeStream,
  metrics: Metrics,
  logger: Logger,
): Promise<{ responseCache: ResponseCache; close(): void }> {
  const redis = config.redisUrl === null ? null : openRedis(config.redisUrl);
  const responseCache = new ResponseCache({
    maxBytes: config.responseCacheMaxBytes,
    ttlMs: config.responseCacheTtlSeconds * 1000,
    version: changeLogVersion(changes),
    policy: await answerPolicy(config, persistedDocuments),
    redis,
    redisKeyPrefix: `${config.redisKeyPrefix}answer:`,
    logger,
    count: (outcome) => (outcome === 'miss' ? metrics.cacheMisses.inc() : metrics.cacheHits.inc({ via: outcome })),
  });
  metrics.cacheSize = () => responseCache.bytes;
  return {
    responseCache,
    close: () => redis?.disconnect(),
  };
}

/** Whether demo data may go into an empty database on this start. */
function demoDataWanted(config: Config): boolean {
  return config.demoData === 'always' || (config.demoData === 'auto' && !config.databaseUrl);
}

async function listen(server: http.Server, config: Config): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    // A HOST that is no address fails in the name lookup before listen: it is still the listen that failed, not a
    // database's lookup (which fails the same way), and failureHint must say so.
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.syscall === 'getaddrinfo' ? Object.assign(new Error(`listen ${config.host}: ${error.message}`), { code: error.code, syscall: 'listen', address: config.host, port: config.port }) : error),
    );
    server.listen(config.port, config.host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Listens at once (answering 503 until the database is open), then opens the database, waiting
 * for it if it cannot be reached yet; migrates it, loads demo data into it when empty, and serves the API.
 */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const persistedDocuments = PersistedDocuments.fromConfig(config);
  persistedDocuments.checkAgainst(await newslineSchema(), config.persistedQueriesManifest);
  const server = createHttpServer(waitingListener, { keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs });
  server.on('clientError', answerClientError);
  const port = await listen(server, config);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}/graphql`;
  let accepting = true;
  let runtime: Runtime;
  let apollo: Awaited<ReturnType<typeof createApollo>>;
  let live: Live;
  // Checked while the database opens: a Redis that refuses the database REDIS_URL names stops the start.
  const redisProblem = config.redisUrl === null ? Promise.resolve(null) : redisDatabaseProblem(config.redisUrl);
  try {
    logger.info(`listening on ${url}; opening the database`);
    runtime = await openRuntime(config, logger, { waitForDatabase: true });
  } catch (error) {
    server.close();
    throw error;
  }
  const refused = await redisProblem;
  if (refused !== null) {
    server.close();
    await runtime.close();
    const { host, pathname } = new URL(config.redisUrl!);
    throw new ConfigError([`REDIS_URL: the Redis at ${host} refuses database ${pathname.slice(1)} ("${refused}"); a Redis has databases 0 to 15 unless its \`databases\` setting says more.`]);
  }
  const { dataSource, services, ingest } = runtime;
  const rateLimiter = createRateLimiter(config, logger);
  const persistedQueries = config.persistedQueries === 'auto' ? new PersistedQueryStore(config.redisUrl, config.redisKeyPrefix, logger) : null;
  const changes = new ChangeStream(new ChangeLogRepository(dataSource), changeNotifications(dataSource, (error) => logger.warn('change notifications: connection lost; reconnecting', describeError(error))), {
    pollMs: 1000,
    retentionDays: config.changesRetentionDays,
    pruneEveryMs: 3_600_000,
    onError: (error) => logger.warn('reading the change log failed; trying again', describeError(error)),
  });
  const metrics = new Metrics();
  const cache = config.responseCache ? await openResponseCache(config, persistedDocuments, changes, metrics, logger) : null;
  try {
    if (runtime.applied.length) logger.info('migrations applied', { migrations: runtime.applied });
    if ((await services.sources.count()) === 0) {
      if (demoDataWanted(config)) {
        const report = await loadDemoData(dataSource, DEMO_SIZE);
        // Demo rows are written without ingest, which groups; the stories of the last days are grouped here.
        const grouped = await groupRecentStories(dataSource);
        logger.info('demo data loaded into the empty database', { ...report, ...grouped });
      } else {
        logger.info('the database has no sources yet: add one (`newsline sources add <feed-url>` or the addSource mutation), or start once with DEMO_DATA=always for demo data');
      }
    }
    apollo = await createApollo(config, logger, persistedQueries);
    await apollo.start();
    await changes.start();
    live = await startLive({ server, config, logger, services, changes, log: new ChangeLogRepository(dataSource), rateLimiter, metrics, persistedDocuments, persistedQueries });
  } catch (error) {
    server.close();
    await changes.stop();
    await rateLimiter.close();
    cache?.close();
    persistedQueries?.close();
    await runtime.close();
    throw error;
  }
  server.removeListener('request', waitingListener);
  server.on(
    'request',
    requestListener({
      apollo,
      services,
      metrics,
      logger,
      isAccepting: () => accepting,
      adminToken: config.adminToken,
      rateLimiter,
      identifyClient: clientIdentifier(config),
      maxResponseBytes: config.maxResponseBytes,
      responseCache: cache?.responseCache ?? null,
      persistedDocuments,
      persistedQueries,
    }),
  );
  if (config.refreshInBackground) ingest.scheduler.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      await live.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn('shutdown timeout reached; closing connections still open', { timeoutMs: config.shutdownTimeoutMs });
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      await apollo.stop();
      await changes.stop();
      await rateLimiter.close();
      cache?.close();
      persistedQueries?.close();
      await runtime.close();
    })().catch((error) => logger.error('shutdown failed', describeError(error))));

  return { url, dataSource, services, ingest, changes, server, stop };
}
