import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { CallerVerifier } from '../../schema/caller';
import type { WarningChangeEntry } from '../../schema/push/feed';
import type { GatewayConfig } from '../config';
import { newTrace, type GatewayContext } from '../context';
import { ChangePoller } from './change-poller';
import type { EventBus } from './event-bus';
import { EventStreams, WARNINGS_STREAM } from './event-streams';
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
export function startSubscriptions(config: GatewayConfig, httpServer: http.Server, verifier: CallerVerifier, executor: GatewayExecutor): RunningSubscriptions {
  const { subscriptions, caching } = config;
  const bus: EventBus<WarningChangeEntry> = caching.redisUrl
    ? new RedisEventBus<WarningChangeEntry>(caching.redisUrl, caching.keyPrefix, subscriptions.retention)
    : new InProcessEventBus<WarningChangeEntry>(subscriptions.retention);
  const poller = new ChangePoller<WarningChangeEntry>({ provinces: config.provinces, bus, stream: WARNINGS_STREAM, pollMs: subscriptions.pollMs, timeoutMs: config.shardTimeoutMs });
  const streams = new EventStreams({ executor, warnings: { bus, poller }, perCaller: subscriptions.perCaller });
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
      await poller.close();
      await bus.close();
    },
  };
}
