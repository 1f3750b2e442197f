import cluster from 'node:cluster';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { IntrospectAndCompose, type ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { apolloGateway, correctedApolloGateway } from './apollo-gateway';
import { useCompiledShaping } from './executor/compiled-shaping';
import { useOwnPlanExecutor } from './executor/plan-executor';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { printSchema } from 'graphql';
import type { DestinationStream } from 'pino';
import { CallerVerifier } from '../schema/caller';
import { PROVINCE_CODES } from '../schema/model';
import { openRegistry } from '../schema/registry/open-registry';
import type { Registry } from '../schema/registry/registry';
import { createAuditPageHandler } from './registry/audit-page';
import { LiveCatalog } from '../schema/registry/catalog/live-catalog';
import { openUsageStore } from '../schema/usage/open-usage-store';
import { UsageRecorder } from '../schema/usage/usage-recorder';
import { recordUsageWhenDone, useUsageReporting } from './plugins/apollo/usage';
import { openCatalogStore } from '../schema/registry/catalog/open-catalog-store';
import { createMapPageHandler } from './map/map-page';
import { RegistrySupergraphManager } from './registry/registry-supergraph';
import { compareProvinceKeys } from './shard-router/orders';
import { HttpShardTransport } from './shard-router/shard-transport';
import { creditShardUrl } from '../schema/http/credit-shard-path';
import type { GatewayConfig } from './config';
import { newTrace, requestIdFrom, type GatewayContext } from './context';
import { graphqlHandler, type ShareInFlight } from '../schema/http/graphql-handler';
import { AnswerBytes } from '../schema/http/answer-bytes';
import { withOneByteNames } from './one-byte-names';
import { sendMetrics } from '../schema/http/send-metrics';
import { subgraphFetcher } from './plugins/fetch/subgraph-fetcher';
import { INTERNAL_MESSAGE, INTERNAL_SERVER_ERROR, errorMasking } from './plugins/apollo/error-masking';
import { ForwardingDataSource, ForwardingShardRouter } from './plugins/fetch/forwarding';
import { useInboundDedup } from './plugins/caching/inbound-dedup';
import { ResponseCache } from './plugins/caching/response-cache';
import { sendGraphiQLAsset, sendGraphiQLPage, wantsGraphiQL } from './plugins/http/graphiql';
import { graphiqlTabs } from './plugins/http/graphiql-examples';
import { createLogger, logRequestWhenDone, type Logger } from './plugins/http/logging';
import { useRequestTrace } from './plugins/apollo/request-trace';
import { GatewayMetrics } from './metrics';
import { useMetrics } from './plugins/apollo/metrics';
import { InstrumentedShardTransport, instrumentDataSource } from './plugins/fetch/metrics';
import { PropagatingShardTransport, TracedShardTransport, propagatingFetcher } from './plugins/fetch/tracing';
import { serveTraced } from './plugins/http/request-span';
import { ReadinessCheck, sendHealth, sendReadiness, type ProbeTarget } from './plugins/http/readiness';
import { openSharedCache } from '../schema/cache/open-shared-cache';
import type { SharedCache } from '../schema/cache/shared-cache';
import { cacheConnectedOnce, cacheReadiness, registerCacheMetrics } from './plugins/caching/cache-state';
import { clusterMetrics } from './plugins/http/cluster-metrics';
import { usePersistedQueries } from './plugins/apollo/persisted-queries';
import { PlanCache } from './plugins/caching/plan-cache';
import { StaleAnswerCounter } from './plugins/fetch/stale-answers';
import { distinctRepresentationsDataSource } from './plugins/fetch/distinct-representations';
import { batchedFetchesDataSource } from './plugins/fetch/batched-fetches';
import { DedupShardTransport, dedupDataSource } from './plugins/fetch/subgraph-dedup';
import { authenticateRequest } from './plugins/http/auth';
import { useCatalogErrors } from './plugins/apollo/catalog-errors';
import { useIntrospectionGate } from './plugins/apollo/introspection';
import { limitsValidationRule, useLimits } from './plugins/apollo/limits';
import { isSubscriptionOverGet, subscriptionOverHttpError, useSubscriptionsOverHttpRefusal } from './plugins/apollo/subscriptions-over-http';
import { useEmptyOperationNameAsAbsent } from './plugins/apollo/empty-operation-name';
import { markPlanResolved, useServerTiming } from './plugins/apollo/server-timing';
import { startPhaseClock } from '../schema/http/server-timing';
import { OperationTypes } from './http/operation-types';
import { SCHEMA_FILE_PATH, sendSchemaFile } from './http/schema-file';
import type { GraphQLSchema } from 'graphql';
import { apolloExecutor, startSubscriptions, wantsEventStream } from './subscriptions';
import { AccessRecorder } from '../schema/access-log/recorder';
import { openAccessLogStore } from '../schema/access-log/open-access-log';
import { recordAccessWhenDone } from './plugins/http/access-recording';
import { startWebhooks, type RunningWebhooks } from './webhooks';
export type { GatewayContext } from './context';

export const PROVINCES_SUBGRAPH = 'provinces';
/** The logical provinces subgraph has no URL of its own; its data source is the shard router. */
const PROVINCES_PLACEHOLDER_URL = 'http://provinces.shards.invalid/graphql';

export interface GatewayHooks {
  /** Where the JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
}

export interface RunningGateway {
  url: string;
  gateway: ApolloGateway;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Persisted queries: Redis behind memory when REDIS_URL is set. */
  cache: SharedCache;
  /** The access log's batched writer. */
  accessRecorder: AccessRecorder;
  /** Webhooks: their store, and which subscription webhooks this gateway feeds. */
  webhooks: RunningWebhooks;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startGateway(config: GatewayConfig, hooks: GatewayHooks = {}): Promise<RunningGateway> {
  const logger = createLogger(config.logLevel, hooks.logDestination);
  const metrics = new GatewayMetrics({ maxOperationNames: config.metricsMaxOperationNames });
  const { caching } = config;
  const sharedCache = openSharedCache({ redisUrl: caching.redisUrl, redisCluster: caching.redisCluster, keyPrefix: caching.keyPrefix, commandTimeoutMs: caching.redisCommandTimeoutMs, maxEntries: caching.maxEntries });
  registerCacheMetrics(sharedCache, metrics.registry);
  const operationTypes = new OperationTypes();
  const accessRecorder = new AccessRecorder(openAccessLogStore(config.accessLog), {
    flushMs: config.accessLog.flushMs,
    onError: (e, pending) => logger.error({ pending, cause: (e as Error).message }, 'access records not written yet'),
  });
  // The credit subgraph is one more shard for the provinces' fields it holds records of (removedRecords, CR).
  const shardUrls = { ...config.provinces, ...(config.credit ? { CR: creditShardUrl(config.credit.url) } : {}) };
  const counted = new StaleAnswerCounter(new InstrumentedShardTransport(new PropagatingShardTransport(new HttpShardTransport(shardUrls, { keepTexts: caching.subgraphDedup }), shardUrls), metrics), metrics.registry);
  const transport = new TracedShardTransport(caching.subgraphDedup ? new DedupShardTransport(counted, metrics.registry, operationTypes) : counted);
  const dedup = (name: string, source: GraphQLDataSource): GraphQLDataSource => (caching.subgraphDedup ? dedupDataSource(name, source, metrics.registry, operationTypes) : source);
  const distinct = (source: GraphQLDataSource): GraphQLDataSource => (caching.distinctRepresentations ? distinctRepresentationsDataSource(source) : source);
  const batched = (source: GraphQLDataSource): GraphQLDataSource => (config.batchSubgraphFetches ? batchedFetchesDataSource(source) : source);
  const apq = usePersistedQueries({ cache: sharedCache, ttlSeconds: caching.apqTtlSeconds, registry: metrics.registry, operationTypes });
  const fetchSubgraph = subgraphFetcher({ keepTexts: caching.subgraphDedup });
  const subgraphs = [config.region, ...(config.registry ? [config.registry] : []), ...(config.credit ? [config.credit] : []), { name: PROVINCES_SUBGRAPH, url: PROVINCES_PLACEHOLDER_URL }];
  const registry: Registry | null = config.registrySource && !config.supergraphFile
    ? openRegistry(config.registrySource.store)
    : null;
  const registryManager = registry
    ? new RegistrySupergraphManager({
        registry,
        waitForFirstMs: config.registrySource?.waitForFirstMs ?? 0,
        onError: (e, n) => logger.error({ version: n, cause: (e as Error).message }, 'registry version not loaded'),
      })
    : null;
  const gateway = useOwnPlanExecutor(config.ownPlanExecutor, useCompiledShaping(config.compiledResultShaping, (config.plannerCorrections ? (c: Parameters<typeof apolloGateway>[0]) => correctedApolloGateway(c, { mergeSiblingFetches: config.mergeSiblingFetches }) : apolloGateway)({
    ...(config.supergraphFile
      ? { supergraphSdl: withOneByteNames(readFileSync(config.supergraphFile, 'utf8')) }
      : { supergraphSdl: withOneByteNames(registryManager ?? new IntrospectAndCompose({ subgraphs })) }),
    queryPlannerConfig: { cache: new PlanCache(caching.planCacheMaxBytes, metrics.registry) },
    ...(config.serverTiming ? { experimental_didResolveQueryPlan: markPlanResolved } : {}),
    buildService({ name, url }): GraphQLDataSource {
      if (name === PROVINCES_SUBGRAPH) {
        const router = new ForwardingShardRouter({ transport, compareKeys: compareProvinceKeys, timeoutMs: config.shardTimeoutMs, otherShards: config.credit ? ['CR'] : [] });
        return distinct(instrumentDataSource(name, router, metrics));
      }
      return dedup(name, distinct(batched(instrumentDataSource(name, new ForwardingDataSource({ url, fetcher: propagatingFetcher(name, fetchSubgraph), subgraph: name }), metrics))));
    },
  })));
  const contexts = new WeakMap<http.IncomingMessage, GatewayContext>();
  // The subgraphs enforce the catalog; the gateway keeps no answer across a change of it.
  const catalog = await new LiveCatalog(openCatalogStore(config.registryStore)).start({ tolerateUnreadable: true });
  const catalogHash = () => catalog.current().hash;
  const usage = new UsageRecorder(openUsageStore(config.registryStore), { onError: (e) => logger.error({ cause: (e as Error).message }, 'operation usage not written') });
  const responseCache = caching.responseCacheMaxBytes > 0 ? new ResponseCache({ maxBytes: caching.responseCacheMaxBytes, registry: metrics.registry, contextOf: (req) => contexts.get(req), operationTypes, catalogHash }) : null;
  catalog.onChange((view) => {
    responseCache?.clear();
    logger.info({ catalogVersion: view.version }, 'sharing catalog reloaded');
  });
  let supergraphLoaded = false;
  let apiSchemaSdl: string | null = null;
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate((loaded) => {
    supergraphLoaded = true;
    apiSchema = loaded.apiSchema;
    apiSchemaSdl = printSchema(loaded.apiSchema);
    responseCache?.clear();
  });

  const masking = errorMasking(logger);
  const verifier = new CallerVerifier(config.security.auth, 'refuse');
  const authenticate = authenticateRequest(verifier);
  const answerBytes = new AnswerBytes();
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    formatError: masking.formatError,
    // Where introspection is off, "Did you mean …" would leak the field names it hides.
    hideSchemaDetailsFromClientErrors: config.security.production,
    parseOptions: { maxTokens: config.security.maxTokens },
    validationRules: [limitsValidationRule(config.security.limits)],
    persistedQueries: apq.persistedQueries,
    stringifyResult: answerBytes.stringifyResult,
    plugins: [
      useRequestTrace(),
      useMetrics(metrics),
      masking.plugin,
      useEmptyOperationNameAsAbsent(),
      useSubscriptionsOverHttpRefusal(),
      ApolloServerPluginLandingPageDisabled(),
      useIntrospectionGate(config.security.production),
      useLimits(config.security.limits),
      useCatalogErrors(),
      useUsageReporting(),
      apq.plugin,
      ...(responseCache ? [responseCache.plugin] : []),
      ...(config.serverTiming ? [useServerTiming()] : []),
      // Last: the answer's data is final once every other plugin has seen it.
      answerBytes.plugin(),
    ],
  });
  await server.start();

  const readiness = new ReadinessCheck({
    targets: [
      config.region,
      ...(config.registry ? [config.registry] : []),
      ...(config.credit ? [config.credit] : []),
      ...PROVINCE_CODES.map((p): ProbeTarget => ({ name: `${PROVINCES_SUBGRAPH}/${p}`, url: config.provinces[p] })),
    ],
    supergraphLoaded: () => supergraphLoaded,
    probeTimeoutMs: config.readyProbeTimeoutMs,
    cacheMs: config.readyCacheMs,
    conditions: () => ({ redis: cacheConnectedOnce(sharedCache) }),
    degradable: () => ({ cache: cacheReadiness(sharedCache) }),
  });

  const inFlight: ShareInFlight = config.inboundDedup ? useInboundDedup({ contextOf: (req) => contexts.get(req), registry: metrics.registry, operationTypes }) : (_req, _request, execute) => execute();
  const handle = graphqlHandler<GatewayContext>(
    server,
    async ({ req }) => contexts.get(req) ?? { requestId: requestIdFrom(req.headers['x-request-id']), trace: newTrace() },
    config.bodyLimitBytes,
    { answerBytes, ...(responseCache ? { share: responseCache.share(inFlight) } : config.inboundDedup ? { share: inFlight } : {}) },
  );

  /** Authenticates the request (401 unless the caller may query), then answers it with `answer`. */
  const serveAuthenticated = (req: http.IncomingMessage, res: http.ServerResponse, answer: () => Promise<void>): void => {
    const authorization = req.headers.authorization;
    const context: GatewayContext = { requestId: requestIdFrom(req.headers['x-request-id']), trace: newTrace(), ...(authorization ? { authorization } : {}) };
    if (config.serverTiming) context.clock = startPhaseClock(req);
    contexts.set(req, context);
    res.setHeader('x-request-id', context.requestId);
    logRequestWhenDone(logger, res, context, req.method ?? 'GET');
    recordAccessWhenDone(accessRecorder, req, res, context);
    recordUsageWhenDone(usage, req, res, context);
    serveTraced(req, res, context, () => {
      authenticate(req, res, context).then((ok) => (ok ? answer() : undefined)).catch((err: unknown) => {
        logger.error({ requestId: context.requestId, cause: err instanceof Error ? err.message : String(err) }, 'request failed outside GraphQL execution');
        sendJson(res, 500, { errors: [{ message: INTERNAL_MESSAGE, extensions: { code: INTERNAL_SERVER_ERROR, requestId: context.requestId } }] });
      });
    });
  };

  const refuseSubscriptionOverGet = async (res: http.ServerResponse): Promise<void> => {
    const { message, extensions } = subscriptionOverHttpError();
    sendJson(res, 400, { errors: [{ message, extensions: { code: extensions.code } }] });
  };
  const serveGraphQL = (req: http.IncomingMessage, res: http.ServerResponse): void =>
    serveAuthenticated(req, res, () => (isSubscriptionOverGet(req, operationTypes) ? refuseSubscriptionOverGet(res) : handle(req, res)));
  const schemaFile = {
    live: () => (apiSchemaSdl === null ? null : { sdl: apiSchemaSdl, version: registryManager?.versionNumber ?? null }),
    version: async (n: number) => (registry ? ((await registry.version(n))?.apiSchemaSdl ?? null) : null),
  };

  const renderMetrics = cluster.isWorker ? clusterMetrics(metrics.registry) : () => metrics.render();
  const audit = config.registry || registry ? createAuditPageHandler({ graphqlPath: '/graphql', ...(config.registry ? { registryOrigin: new URL(config.registry.url).origin } : {}) }) : null;
  const mapPage = createMapPageHandler({ graphqlPath: '/graphql' });
  const httpServer = http.createServer((req, res) => {
    if (audit?.(req, res)) return;
    if (mapPage(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendHealth(res, registryManager?.versionNumber ?? null, catalog.current().version);
    if (path === '/ready') {
      sendReadiness(res, readiness).catch(() => sendJson(res, 503, { status: 'not ready' }));
      return;
    }
    if (path === '/metrics' && req.method === 'GET') return sendMetrics(res, renderMetrics);
    if (path === SCHEMA_FILE_PATH && req.method === 'GET') return serveAuthenticated(req, res, () => sendSchemaFile(req, res, schemaFile));
    if (path === '/graphql') {
      if (config.graphiql && wantsGraphiQL(req)) return sendGraphiQLPage(res);
      if (wantsEventStream(req)) return subscriptions.serveSse(req, res);
      return serveGraphQL(req, res);
    }
    if (config.graphiql && req.method === 'GET' && sendGraphiQLAsset(path, res, () => graphiqlTabs(config.graphiqlTokens, new Date()))) return;
    sendJson(res, 404, { error: 'not found' });
  });
  httpServer.keepAliveTimeout = 30_000;
  const executor = apolloExecutor(server, () => apiSchema, accessRecorder);
  const subscriptions = startSubscriptions(config, httpServer, verifier, executor, metrics.registry);
  const webhooks = startWebhooks(config, { streams: subscriptions.streams, executor, accessRecorder, logger });
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.host}:${address.port}/graphql`,
    gateway,
    metrics,
    cache: sharedCache,
    accessRecorder,
    webhooks,
    logger,
    async close() {
      await webhooks.close();
      await subscriptions.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
      await transport.close();
      await fetchSubgraph.close();
      await registry?.close();
      await catalog.close();
      await usage.close();
      await accessRecorder.close();
      await sharedCache.close();
    },
  };
}
