import { GraphQLError } from 'graphql';
import { Args, Resolver, Subscription, type PubSub } from 'type-graphql';
import { ErrorCodes } from '../../../schema/error-codes';
import { HazmatTransportEvent, HazmatTransportEventsArgs, WarningChange, WarningChangesArgs } from '../../../schema/province/push';

/**
 * The subscriptions are declared here, with the types they return, so that they compose into the
 * supergraph; the gateway serves them (from its event bus, each payload resolved by key through
 * the query plan). A province subgraph asked directly refuses.
 */
function servedByTheGateway(): never {
  throw new GraphQLError('subscriptions are served by the gateway', { extensions: { code: ErrorCodes.BAD_REQUEST } });
}

/** type-graphql wants a PubSub once a schema has subscriptions; nothing publishes in a province subgraph. */
export const NO_PUB_SUB: PubSub = { publish: () => undefined, subscribe: servedByTheGateway };

@Resolver()
export class PushResolver {
  @Subscription(() => WarningChange, { subscribe: servedByTheGateway, description: 'Resume with the id of the last event received (`after`), or SSE\'s Last-Event-ID.\n预警变化的推送；以最后收到的事件编号（`after`）或 SSE 的 Last-Event-ID 续订。' })
  warningChanges(@Args(() => WarningChangesArgs) _args: WarningChangesArgs): WarningChange {
    return servedByTheGateway();
  }

  @Subscription(() => HazmatTransportEvent, { subscribe: servedByTheGateway, description: 'Events of the hazardous-chemicals trips that concern the watching province. Resume with the id of the last event received (`after`), or SSE\'s Last-Event-ID.\n与关注省份相关的危险化学品运输事件的推送；以最后收到的事件编号（`after`）或 SSE 的 Last-Event-ID 续订。' })
  hazmatTransportEvents(@Args(() => HazmatTransportEventsArgs) _args: HazmatTransportEventsArgs): HazmatTransportEvent {
    return servedByTheGateway();
  }
}
