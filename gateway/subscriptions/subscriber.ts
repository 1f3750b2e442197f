import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { AccessEntry } from '../../schema/access-log/types';
import type { Caller } from '../../schema/sharing-catalog';
import type { OperationOrigin } from './subscription-operation';

/** Who holds a subscription: verified once at connect, and until when the token lets them. */
export interface Subscriber {
  caller: Caller;
  /** Forwarded to every subgraph with each key query, as a query's is. */
  authorization?: string;
  /** When the token expires (ms since the epoch); null without a token. */
  expiresAt: number | null;
  /** What the per-caller limit counts by: the token's subject, or the address of an anonymous caller. */
  limitKey: string;
  /** Takes the access record of each resolved event instead of the access log (a webhook records it once delivered). */
  onAccess?: (entry: AccessEntry) => void;
}

export interface Answer {
  data: Record<string, unknown> | null;
  errors: readonly GraphQLFormattedError[];
}

/** The gateway's own executor, as the subscriptions use it: the API schema, and operations run as if a subscriber had sent them over HTTP. */
export interface GatewayExecutor {
  schema(): GraphQLSchema | null;
  /** `event`: the event the operation resolves (its key); its payload is made once per group of identical subscriptions (payload-groups.ts). */
  /** `origin`: the subscriber's operation the query resolves, which its access record names. */
  execute(document: DocumentNode, variables: Record<string, unknown>, subscriber: Subscriber, event?: string, origin?: OperationOrigin): Promise<Answer>;
}
