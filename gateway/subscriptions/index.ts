import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { CallerVerifier } from '../../schema/caller';
import { CHANGE_FEED_PATH, ENTERED_FEED_PATH, WAYBILL_FEED_PATH, type HazmatTransportEntry, type WarningChangeEntry } from '../../schema/push/feed';
import type { GatewayConfig } from '../config';
import { newTrace, type GatewayContext } from '../context';
import { ChangePoller } from './change-poller';
import { EnteredFeeds } from './entered-feeds';
import { bothFeeds } from './both-feeds';
import { sharedAnswers } from './shared-answers';
import type { EventBus } from './event-bus';
import { EventStreams, WARNINGS_STREAM, WAYBILLS_STREAM } from './event-streams';
import { graphQLOverSse } from './graphql-sse-handler';
import { serveGraphQLOverWebSocket } from './graphql-ws-server';
import { InProcessEventBus } from './in-process-bus';
import { RedisEventBus } from './redis-event-bus';
import type { GatewayExecutor } from './subscriber';

export { wantsEventStream } from './graphql-sse-handler';

export interface RunningSubscriptions {
  /** A graphql-sse request at /graphql. */
  serveSse(req: http.IncomingMessage, res: http.ServerResponse): void;
  close(): Promise<void>;
}

/** The gateway's own executor for subscriptions: each operation runs as a request of the subscriber's would, plugins and all. */
export function apolloExecutor(server: ApolloServer<GatewayContext>, schema: () => GraphQLSchema | null): GatewayExecutor {
  return {
    schema,
    async execute(document, variables, subscriber) {
      const contextValue: GatewayContext = { requestId: randomUUID(), trace: newTrace(), caller: subscriber.caller, ...(subscriber.authorization ? { authorization: subscriber.authorization } : {}) };
      const response = await server.executeOperation({ query: document, variables }, { contextValue });
      if (response.body.kind !== 'single') return { data: null, errors: [] };
      const { data, errors } = response.body.singleResult;
      return { data: (data ?? null) as Record<string, unknown> | null, errors: errors ?? [] };
    },
  };
}

/** Subscriptions at /graphql (graphql-ws on upgrade, graphql-sse on event-stream requests), fed by the provinces' change feeds through the bus. */
export function startSubscriptions(config: GatewayConfig, httpServer: http.Server, verifier: CallerVerifier, ownExecutor: GatewayExecutor): RunningSubscriptions {
  const executor = sharedAnswers(ownExecutor);
  const { subscriptions, caching } = config;
  const openBus = <E extends { key: string }>(): EventBus<E> =>
    caching.redisUrl ? new RedisEventBus<E>(caching.redisUrl, caching.keyPrefix, subscriptions.retention) : new InProcessEventBus<E>(subscriptions.retention);
  const feed = <E extends { key: string }>(stream: string, path: string) => {
    const bus = openBus<E>();
    return { bus, poller: new ChangePoller<E>({ provinces: config.provinces, bus, stream, path, pollMs: subscriptions.pollMs, timeoutMs: config.shardTimeoutMs }) };
  };
  const warnings = feed<WarningChangeEntry>(WARNINGS_STREAM, CHANGE_FEED_PATH);
  const waybills = feed<HazmatTransportEntry>(WAYBILLS_STREAM, WAYBILL_FEED_PATH);
  // ENTERED joins the other trip events on their stream, so that one `after` resumes across all of them.
  const entered = new ChangePoller<HazmatTransportEntry>({
    provinces: config.provinces,
    bus: waybills.bus,
    stream: WAYBILLS_STREAM,
    path: ENTERED_FEED_PATH,
    pollMs: subscriptions.pollMs,
    timeoutMs: config.shardTimeoutMs,
    readPage: new EnteredFeeds({ provinces: config.provinces, timeoutMs: config.shardTimeoutMs, pollMs: subscriptions.pollMs }).readPage,
  });
  const streams = new EventStreams({ executor, warnings, waybills: { bus: waybills.bus, poller: bothFeeds(waybills.poller, entered) }, perCaller: subscriptions.perCaller });
  const opener = { executor, streams, limits: config.security.limits };
  const ws = serveGraphQLOverWebSocket(httpServer, '/graphql', verifier, opener);
  const sse = graphQLOverSse(verifier, opener);
  return {
    serveSse(req, res) {
      sse(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
    async close() {
      await ws.close();
      await entered.close();
      for (const { bus, poller } of [warnings, waybills]) {
        await poller.close();
        await bus.close();
      }
    },
  };
}
