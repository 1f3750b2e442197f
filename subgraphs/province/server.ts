import 'reflect-metadata';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { answerValidity } from '../../schema/cache/answer-validity';
import { sendMetrics } from '../../schema/http/send-metrics';
import { graphqlHandler, listenForGraphQL, sendInternalError } from '../../schema/http/graphql-handler';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import type { Clock } from '../../adapters/kit/clock';
import type { Collection, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { anonymousGate, callerOrUnauthenticated, CallerVerifier } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
import type { ProvinceCode } from '../../schema/model';
import { guardArguments } from './argument-guard';
import { isEmptyTally } from '../../schema/access-log/tally';
import { bindCaller, callerOf, catalogOf, guardConditionalFields } from './catalog-guard';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';
import { countLegacyCall, countingLegacyCalls, currentLegacyCalls } from './legacy-calls';
import type { LegacyCache } from '../../adapters/kit/cache/legacy-cache';
import type { CacheTtls } from '../../adapters/kit/cache/ttl';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import { collectionQuality, type QualitySource } from './data-quality';
import { ProvinceMetrics } from './metrics';
import { QualityLog, type LogLine } from './quality-log';
import { ProvinceData, type MaxAges } from './province-data';
import { sweepPendingMutualAid } from './mutual-aid/sweep';
import type { MutualAidStores } from './mutual-aid/stores';
import { ProvinceRequest, type LegacyCalls } from './province-request';
import { DEFAULT_RECONCILE, type ReconcileOptions } from './reconcile-config';
import { Reconciler } from './reconciler';
import { provinceSubgraphSchema } from './schema';
import { ChangeFeed, serveChangeFeed } from './changes/change-feed';
import { expiredBetween, warningChangeEntries } from './changes/warning-changes';
import { hazmatTransportEntries } from './changes/waybill-changes';
import { CHANGE_FEED_PATH, ENTERED_FEED_PATH, TRIPS_PATH, WAYBILL_FEED_PATH } from '../../schema/push/feed';
import { enteredFeedOf, serveEnteredFeed, serveTrips } from './changes/entered-routes';
import { serveInSpan } from '../../schema/telemetry/server-span';
import { tracer } from '../../schema/telemetry/spans';
import { WarmStart, type WarmStartOptions } from './warm-start';

/** Builds the adapter with the HTTP hooks the subgraph needs (legacy call counting). */
export type AdapterFactory = (http: HttpTuning) => ProvinceAdapter;

export interface ProvinceSubgraphOptions {
  province: ProvinceCode;
  /**
   * The province's adapter, or a factory given `{ onCall }` to count legacy calls per request. An
   * adapter built elsewhere is counted when its HttpTuning.onCall is `countLegacyCall`.
   */
  adapter: ProvinceAdapter | AdapterFactory;
  clock: Clock;
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How long each replica serves before the next need re-syncs it (ms). */
  maxAgeMs?: Partial<MaxAges>;
  /** How long past its maximum age a copy serves the later pages of a pull started on it (ms; default 10 min). */
  pullWindowMs?: number;
  /** The warnings' and waybills' copies' maximum age when a change feed reads them (the ENTERED feed's trips and tracks too), if shorter than theirs (ms; default: theirs). */
  changeFeedMaxAgeMs?: number;
  /** Legacy answers across requests (openSharedCache: Redis when REDIS_URL is set); default in process. The caller closes it. */
  cache?: LegacyCache;
  /** Freshness per kind and how long stale copies are kept (CACHE_TTL_*_MS, CACHE_STALE_TTL_MS); maxAgeMs wins for the replicas. */
  ttls?: CacheTtls;
  /** The mutual-aid journal and locks (openMutualAidStores: Redis when REDIS_URL is set); default in process. Closed with the subgraph. */
  mutualAid?: MutualAidStores;
  /** Verifies the bearer token each request carries (the process passes its JWT_* and ALLOW_ANONYMOUS; default: their defaults). */
  auth?: CallerVerifier;
  /** The sharing catalog in force, followed as new versions are published; default sharing-catalog.md's, fixed. */
  catalog?: LiveCatalog;
  /** Where the data-quality summary after each full sync goes (one JSON line per province); none when absent. */
  log?: (line: LogLine) => void;
  /** How the copies reconcile their membership with the system, and how long tombstones are kept (default DEFAULT_RECONCILE). */
  reconcile?: ReconcileOptions;
  /** Start every copy's first sync at start, and answer /ready 503 until each has a first complete state (the process turns it on; default off). */
  warmStart?: WarmStartOptions;
  /** The waybills the copy keeps: not yet arrived, or departed within this window (ms; default 30 days; 0 keeps all). */
  historyWindowMs?: number;
  /** The time to live of a copy's sync lease among replicas sharing the cache, renewed while its holder syncs (ms; default 15 s). */
  syncLeaseMs?: number;
}

export interface RunningProvinceSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4201/graphql. */
  url: string;
  /** The process-wide state (replicas, mutual-aid requests), for tests and health. */
  data: ProvinceData;
  /** Legacy calls, retries, breaker, cache outcomes and Redis state (also served on GET /metrics). */
  metrics: ProvinceMetrics;
  /** The copies' background reconciliation (tests call reconcile(collection) to run one now). */
  reconciler: Reconciler;
  /** The copies' first syncs at start, when warmStart is on. */
  warmStart: WarmStart | null;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** 503 while a copy has no first complete state yet (with warm start), so that a load balancer routes elsewhere. */
function sendReady(res: http.ServerResponse, province: ProvinceCode, cacheState: string, warm: WarmStart | null): void {
  const copies = warm ? { copies: warm.status() } : {};
  if (warm && !warm.ready) return sendJson(res, 503, { status: 'warming', province, cache: cacheState, ...copies });
  sendJson(res, 200, { status: 'ready', province, cache: cacheState, ...copies });
}

/**
 * Adds what accompanies the data: errors about stale copies and invalid records read by key, the
 * legacy calls made, and when the copy of enterprises is as of (the shard router refreshes its
 * credit-code index when that is newer than what it learnt).
 */
const answerExtras: ApolloServerPlugin<ProvinceRequest> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (contextValue.notices.length > 0) result.errors = [...(result.errors ?? []), ...contextValue.notices];
        const enterprises = contextValue.data.replicas.enterprises.peek();
        result.extensions = {
          ...result.extensions,
          legacyCalls: { ...contextValue.legacyCalls },
          ...(isEmptyTally(contextValue.catalogAccess) ? {} : { catalogAccess: contextValue.catalogAccess }),
          catalogHash: catalogOf(contextValue).hash,
          ...(enterprises ? { creditCodeHoldings: { syncedAt: enterprises.syncedAt } } : {}),
        };
      },
    };
  },
};

export async function startProvinceSubgraph(options: ProvinceSubgraphOptions): Promise<RunningProvinceSubgraph> {
  const host = options.host ?? '127.0.0.1';
  const cache = options.cache ?? new InProcessCache();
  const metrics = new ProvinceMetrics(options.province, cache);
  let warmStart: WarmStart | null = null;
  const adapter =
    typeof options.adapter === 'function'
      ? options.adapter({
          onCall: (info) => {
            countLegacyCall(info);
            metrics.onCall(info);
            warmStart?.onCall();
          },
          onRetry: metrics.onRetry,
          onBreakerStateChange: metrics.onBreakerStateChange,
        })
      : options.adapter;
  if (adapter.province !== options.province) throw new Error(`the adapter serves ${adapter.province}, not ${options.province}`);
  const qualityLog = options.log ? new QualityLog(options.province, options.log) : null;
  const onSynced = (collection: Collection, copy: QualitySource): void => qualityLog?.synced(collectionQuality(options.province, collection, copy));
  const reconcile = options.reconcile ?? DEFAULT_RECONCILE;
  const warningChanges = new ChangeFeed(options.clock, { entries: warningChangeEntries, timed: expiredBetween });
  const waybillChanges = new ChangeFeed(options.clock, { entries: hazmatTransportEntries });
  const data = new ProvinceData({
    adapter,
    clock: options.clock,
    maxAgeMs: options.maxAgeMs,
    pullWindowMs: options.pullWindowMs,
    mutualAid: options.mutualAid,
    cache,
    ttls: options.ttls,
    onCacheOutcome: metrics.onCacheOutcome,
    onSynced,
    tombstoneRetentionMs: reconcile.tombstoneRetentionMs,
    onWarningsChanged: warningChanges.onChanged,
    onWaybillsChanged: waybillChanges.onChanged,
    syncLeaseMs: options.syncLeaseMs,
    historyWindowMs: options.historyWindowMs,
  });
  warmStart = options.warmStart ? new WarmStart(data, { ...options.warmStart, log: options.log ?? options.warmStart.log }) : null;
  warmStart?.start();
  metrics.watchQuality(() => data.quality());
  const feedMaxAgeMs = options.changeFeedMaxAgeMs ?? null;
  const enteredFeed = enteredFeedOf(data, feedMaxAgeMs);
  const sweep = sweepPendingMutualAid(data.mutualAid);
  const reconciler = new Reconciler({ data, options: reconcile, onReconciled: metrics.onReconciled, onLease: metrics.onReconcileLease });
  reconciler.start();

  const verifier = options.auth ?? new CallerVerifier(loadAuthOptions({}), 'accept');
  const catalog = options.catalog ?? LiveCatalog.fixed();
  const server = new ApolloServer<ProvinceRequest>({
    schema: guardArguments(guardConditionalFields(provinceSubgraphSchema())),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      answerExtras,
      answerValidity<ProvinceRequest>((request) => request.answerValidForMs(), 'private'),
      anonymousGate<ProvinceRequest>(verifier, callerOf),
    ],
  });
  await server.start();
  const handle = graphqlHandler<ProvinceRequest>(
    server,
    async ({ req }) => {
      const request = new ProvinceRequest(data, currentLegacyCalls() ?? {});
      const caller = await callerOrUnauthenticated(verifier, req.headers.authorization);
      bindCaller(request, caller, catalog.current());
      request.callerProvince = caller.province;
      return request;
    },
    BODY_LIMIT_BYTES,
  );

  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok', province: options.province, system: adapter.system });
    if (path === '/ready') return sendReady(res, options.province, cache.state, warmStart);
    if (path === '/metrics' && req.method === 'GET') return sendMetrics(res, () => metrics.render());
    const traced = (run: () => void) => serveInSpan(tracer('yrd-subgraph'), req, res, { attributes: { 'yrd.subgraph': 'province', 'yrd.province': options.province } }, run);
    if (path === CHANGE_FEED_PATH && req.method === 'GET') return traced(() => serveChangeFeed(warningChanges, () => data.replicas.warnings.read(null, feedMaxAgeMs), verifier, req, res));
    if (path === WAYBILL_FEED_PATH && req.method === 'GET') return traced(() => serveChangeFeed(waybillChanges, () => data.replicas.waybills.read(null, feedMaxAgeMs), verifier, req, res));
    if (path === TRIPS_PATH && req.method === 'GET') return traced(() => serveTrips(data, feedMaxAgeMs, verifier, req, res));
    if (path === ENTERED_FEED_PATH && req.method === 'POST') return traced(() => serveEnteredFeed(enteredFeed, verifier, req, res));
    if (path !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const calls: LegacyCalls = {};
    traced(() => {
      countingLegacyCalls(calls, () => handle(req, res)).catch(() => sendInternalError(res));
    });
  });
  httpServer.keepAliveTimeout = 30_000;
  const url = await listenForGraphQL(httpServer, options.port ?? 0, host);
  return {
    url,
    data,
    metrics,
    reconciler,
    warmStart,
    async close() {
      warmStart?.stop();
      reconciler.stop();
      await data.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
      sweep.stop();
      await data.mutualAidStores.close();
    },
  };
}

export { countLegacyCall };
