import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import type { CallerVerifier } from '../../schema/caller';
import { CHANGE_FEED_PATH, ENTERED_FEED_PATH, WAYBILL_FEED_PATH, type HazmatTransportEntry, type WarningChangeEntry } from '../../schema/push/feed';
import type { GatewayConfig } from '../config';
import { newTrace, type GatewayContext } from '../context';
import { ChangePoller } from './change-poller';
import { EnteredFeeds } from './entered-feeds';
import { bothFeeds } from './both-feeds';
import type { EventBus } from './event-bus';
import { EventStreams, WARNINGS_STREAM, WAYBILLS_STREAM } from './event-streams';
import { graphQLOverSse } from './graphql-sse-handler';
import { serveGraphQLOverWebSocket } from './graphql-ws-server';
import { InProcessEventBus } from './in-process-bus';
import { PreparedOperations } from './prepared-operations';
import { RedisEventBus } from './redis-event-bus';
import { redisUrlOf } from '../../schema/cache/redis-connection';
import { CallerLimit } from './caller-limit';
import { feedCredential } from './feed-credential';
import { RedisSubscriptionSlots } from './redis-caller-limit';
import type { GatewayExecutor } from './subscriber';
import type { AccessRecorder } from '../../schema/access-log/recorder';
import { accessEntryOf } from '../plugins/http/access-recording';
import { slowSubscriberCounter } from './slow-subscribers';
import { feedMetrics } from './feed-metrics';
import { expiredReservationCounter } from './sse-reserved-connections';

export { wantsEventStream } from './graphql-sse-handler';

export interface RunningSubscriptions {
  /** A graphql-sse request at /graphql. */
  serveSse(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** The streams the webhooks open too. */
  streams: EventStreams;
  close(): Promise<void>;
}

/**
 * The gateway's own executor for subscriptions: each operation runs as a request of the
 * subscriber's would, plugins and all; what it released under the catalog is recorded as a
 * subscription event (or handed to the webhook that resolves it).
 */
export function apolloExecutor(server: ApolloServer<GatewayContext>, schema: () => GraphQLSchema | null, recorder: AccessRecorder | null = null): GatewayExecutor {
  return {
    schema,
    async execute(document, variables, subscriber, _event, origin) {
      const contextValue: GatewayContext = { requestId: randomUUID(), trace: newTrace(), caller: subscriber.caller, ...(subscriber.authorization ? { authorization: subscriber.authorization } : {}) };
      const response = await server.executeOperation({ query: document, variables }, { contextValue });
      const entry = accessEntryOf(contextValue, null, new Date(), 'SUBSCRIPTION_EVENT');
      const access = entry && origin ? { ...entry, ...origin } : entry;
      if (access && subscriber.onAccess) subscriber.onAccess(access);
      else if (access) recorder?.record(access);
      if (response.body.kind !== 'single') return { data: null, errors: [] };
      const { data, errors } = response.body.singleResult;
      return { data: (data ?? null) as Record<string, unknown> | null, errors: errors ?? [] };
    },
  };
}

/** Subscriptions at /graphql (graphql-ws on upgrade, graphql-sse on event-stream requests), fed by the provinces' change feeds through the bus. */
export function startSubscriptions(config: GatewayConfig, httpServer: http.Server, verifier: CallerVerifier, executor: GatewayExecutor, registry: Registry | null = null): RunningSubscriptions {
  const { subscriptions, caching } = config;
  const redisUrl = redisUrlOf(caching.redisUrl, caching.redisCluster);
  const { serviceSecret, issuer, clockToleranceSec } = config.security.auth;
  const credential = feedCredential({ secret: serviceSecret ?? null, issuer, clockToleranceSec });
  const metrics = feedMetrics(registry);
  const openBus = <E extends { key: string }>(): EventBus<E> =>
    redisUrl ? new RedisEventBus<E>(redisUrl, caching.keyPrefix, subscriptions.retention) : new InProcessEventBus<E>(subscriptions.retention);
  const feed = <E extends { key: string }>(stream: string, path: string) => {
    const bus = openBus<E>();
    return { bus, poller: new ChangePoller<E>({ provinces: config.provinces, bus, stream, path, pollMs: subscriptions.pollMs, timeoutMs: config.shardTimeoutMs, credential, metrics }) };
  };
  const warnings = feed<WarningChangeEntry>(WARNINGS_STREAM, CHANGE_FEED_PATH);
  const waybills = feed<HazmatTransportEntry>(WAYBILLS_STREAM, WAYBILL_FEED_PATH);
  const slots = redisUrl
    ? new RedisSubscriptionSlots({ redisUrl, keyPrefix: caching.keyPrefix, perCaller: subscriptions.perCaller, slotTtlMs: subscriptions.slotTtlMs })
    : new CallerLimit(subscriptions.perCaller);
  // ENTERED joins the other trip events on their stream, so that one `after` resumes across all of them.
  const entered = new ChangePoller<HazmatTransportEntry>({
    provinces: config.provinces,
    bus: waybills.bus,
    stream: WAYBILLS_STREAM,
    path: ENTERED_FEED_PATH,
    pollMs: subscriptions.pollMs,
    timeoutMs: config.shardTimeoutMs,
    credential,
    metrics,
    readPage: new EnteredFeeds({ provinces: config.provinces, timeoutMs: config.shardTimeoutMs, pollMs: subscriptions.pollMs }).readPage,
  });
  const streams = new EventStreams({ executor, warnings, waybills: { bus: waybills.bus, poller: bothFeeds(waybills.poller, entered) }, slots });
  const opener = { executor, streams, limits: config.security.limits, prepared: new PreparedOperations(), maxQueued: subscriptions.maxQueuedEvents, tooSlow: slowSubscriberCounter(registry) };
  const ws = serveGraphQLOverWebSocket(httpServer, '/graphql', verifier, opener);
  const sse = graphQLOverSse(verifier, opener, config.bodyLimitBytes, { unopenedTtlMs: subscriptions.reservationTtlMs, expired: expiredReservationCounter(registry) });
  return {
    streams,
    serveSse(req, res) {
      sse(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
    async close() {
      await ws.close();
      await slots.close();
      await entered.close();
      for (const { bus, poller } of [warnings, waybills]) {
        await poller.close();
        await bus.close();
      }
    },
  };
}
