import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { creditCopyFor, type CreditCopy, type CreditCopyOptions } from '../../adapters/credit';
import { toBeijingIso } from '../../adapters/kit/beijing-time';
import { legacyKey } from '../../adapters/kit/cache/legacy-cache';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import type { CreditSanctionRecord } from '../../schema/credit-model';
import { RemovedRecords } from '../province/removed-records';
import { DEFAULT_RECONCILE } from '../province/reconcile-config';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import type { Clock } from '../../adapters/kit/clock';
import type { SharedCache } from '../../schema/cache/shared-cache';
import { answerValidity } from '../../schema/cache/answer-validity';
import { anonymousGate, callerOrUnauthenticated, CallerVerifier } from '../../schema/caller';
import { loadCreditPlatform, type CreditPlatform } from '../../schema/config/legacy-config';
import { loadAuthOptions } from '../../schema/config/shared-config';
import { sendMetrics } from '../../schema/http/send-metrics';
import { serveInSpan } from '../../schema/telemetry/server-span';
import { tracer } from '../../schema/telemetry/spans';
import { graphqlHandler, listenForGraphQL, sendInternalError } from '../../schema/http/graphql-handler';
import { CreditRequest } from './credit-request';
import { CreditMetrics } from './metrics';
import { buildCreditSchema } from './schema';
import { creditShardSchema, type CreditShardRequest } from './shard-schema';
import { CREDIT_SHARD_PATH } from '../../schema/http/credit-shard-path';

export interface CreditSubgraphOptions {
  clock: Clock;
  /** The platform's copy, reporting persons' rows and sanctions gone from the platform's data; default: a copy of `platform`. */
  copy?: (onPersonRows: (count: number) => void, onGone: CreditCopyOptions['onGone']) => CreditCopy;
  /** The credit platform (default: the LEGACY_CR_* defaults). */
  platform?: CreditPlatform;
  http?: HttpTuning;
  /** Where the copy is shared with other instances (Redis when REDIS_URL is set). */
  cache?: SharedCache;
  /** How long a sync serves before the manifest is asked again. */
  maxAgeMs?: number;
  port?: number;
  host?: string;
  auth?: CallerVerifier;
  /** How long the tombstone of a sanction gone from the platform's data is kept (default 7 days, as the provinces'). */
  tombstoneRetentionMs?: number;
}

export interface RunningCreditSubgraph {
  url: string;
  copy: CreditCopy;
  metrics: CreditMetrics;
  /** Tombstones of the sanctions gone from the platform's data (type CreditSanction, source CR), in the shared cache. */
  removed: RemovedRecords;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;
const TOMBSTONE_RETENTION_MS = DEFAULT_RECONCILE.tombstoneRetentionMs;

const answerNotices: ApolloServerPlugin<CreditRequest> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || contextValue.notices.length === 0) return;
        const result = response.body.singleResult;
        result.errors = [...(result.errors ?? []), ...contextValue.notices];
      },
    };
  },
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The credit subgraph: the platform's sanctions list from the adapter's copy, joined to enterprises and organisations by credit code. */
export async function startCreditSubgraph(options: CreditSubgraphOptions): Promise<RunningCreditSubgraph> {
  const host = options.host ?? '127.0.0.1';
  const metrics = new CreditMetrics();
  const removed = new RemovedRecords({
    cache: options.cache ?? new InProcessCache(),
    key: legacyKey('CR', 'removed'),
    retentionMs: options.tombstoneRetentionMs ?? TOMBSTONE_RETENTION_MS,
    now: () => options.clock.now().getTime(),
  });
  const onGone = async (sanctions: readonly CreditSanctionRecord[]): Promise<void> => {
    const detectedAt = toBeijingIso(options.clock.now());
    await removed.add(sanctions.map((s) => ({ id: s.id, type: 'CreditSanction', source: 'CR', detectedAt })));
  };
  const onListed = (ids: readonly string[]): Promise<void> => removed.returned(ids).then(() => undefined);
  const copy = options.copy
    ? options.copy(metrics.onPersonRows, onGone)
    : creditCopyFor(options.platform ?? loadCreditPlatform({}), options.clock, { http: options.http, cache: options.cache, maxAgeMs: options.maxAgeMs, onPersonRows: metrics.onPersonRows, onGone, onListed });
  const verifier = options.auth ?? new CallerVerifier(loadAuthOptions({}), 'accept');
  const server = new ApolloServer<CreditRequest>({
    schema: buildCreditSchema(),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      answerNotices,
      // Sanctions are published by law: one answer serves every caller until the copy is due for a sync.
      answerValidity<CreditRequest>((request) => request.validForMs(), 'public'),
      anonymousGate<CreditRequest>(verifier, (c) => c.caller),
    ],
  });
  await server.start();
  const handle = graphqlHandler<CreditRequest>(server, async ({ req }) => new CreditRequest(copy, options.clock, await callerOrUnauthenticated(verifier, req.headers.authorization)), BODY_LIMIT_BYTES);
  // The shard router's endpoint: tombstones are never to be reused (a sync may add one at any moment), so no cache policy.
  const shardServer = new ApolloServer<CreditShardRequest>({
    schema: creditShardSchema(),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), anonymousGate<CreditShardRequest>(verifier, (c) => c.caller)],
  });
  await shardServer.start();
  const handleShard = graphqlHandler<CreditShardRequest>(shardServer, async ({ req }) => ({ copy, removed, caller: await callerOrUnauthenticated(verifier, req.headers.authorization) }), BODY_LIMIT_BYTES);
  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok', source: 'CR' });
    if (path === '/ready') return sendJson(res, 200, { status: 'ready', source: 'CR', cache: options.cache?.state ?? 'memory' });
    if (path === '/metrics' && req.method === 'GET') return sendMetrics(res, () => metrics.render());
    const serve = path === '/graphql' ? handle : path === CREDIT_SHARD_PATH ? handleShard : null;
    if (!serve) return sendJson(res, 404, { error: 'not found' });
    serveInSpan(tracer('yrd-subgraph'), req, res, { attributes: { 'yrd.subgraph': 'credit' } }, () => {
      serve(req, res).catch(() => sendInternalError(res));
    });
  });
  httpServer.keepAliveTimeout = 30_000;
  const url = await listenForGraphQL(httpServer, options.port ?? 0, host);
  return {
    url,
    copy,
    metrics,
    removed,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
      await shardServer.stop();
      await copy.close();
    },
  };
}
