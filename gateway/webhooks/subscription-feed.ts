import { parse, type ExecutionResult, type GraphQLError } from 'graphql';
import type { CallerVerifierOptions } from '../../schema/caller';
import type { AccessEntry } from '../../schema/access-log/types';
import type { WebhookStore } from '../../schema/webhooks/store';
import type { Delivery, WebhookRegistration } from '../../schema/webhooks/types';
import type { LimitOptions } from '../plugins/apollo/limits';
import type { EventStreams } from '../subscriptions/event-streams';
import type { GatewayExecutor, Subscriber } from '../subscriptions/subscriber';
import { isPrepared, originOf, prepareSubscription } from '../subscriptions/subscription-operation';
import { webhookAuthorization, WEBHOOK_TOKEN_SEC } from './webhook-caller';

export interface SubscriptionFeedDeps {
  store: WebhookStore;
  streams: EventStreams;
  executor: GatewayExecutor;
  limits: LimitOptions;
  auth: CallerVerifierOptions;
  /** A delivery was queued (the worker can ask the queue at once). */
  queued: () => void;
  onError: (webhookId: string, message: string) => void;
}

type SubscriptionSource = Extract<WebhookRegistration['source'], { kind: 'subscription' }>;

/**
 * One subscription webhook's stream, held by one gateway at a time (under the store's lease):
 * its document opened like a subscriber's, under a token with the registering caller's claims,
 * from the webhook's cursor; each payload becomes a queued delivery (its id from the event's, so
 * a gateway that takes over after another re-queues nothing twice), then the cursor moves on.
 */
export class SubscriptionFeed {
  private iterator: AsyncIterableIterator<ExecutionResult> | null = null;
  private stopped = false;
  readonly done: Promise<void>;
  /** The access record of the payload being resolved, handed over by the executor. */
  private access: AccessEntry | null = null;

  constructor(
    private readonly webhook: WebhookRegistration & { source: SubscriptionSource },
    private readonly deps: SubscriptionFeedDeps,
  ) {
    this.done = this.run().catch((e: unknown) => deps.onError(webhook.id, e instanceof Error ? e.message : String(e)));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const opened = await this.open();
      if (typeof opened === 'string') {
        this.deps.onError(this.webhook.id, opened);
        await new Promise((r) => setTimeout(r, 5000));
        continue;
      }
      this.iterator = opened;
      const reopenAt = Date.now() + (WEBHOOK_TOKEN_SEC * 1000) / 2;
      for (;;) {
        this.access = null;
        const next = await opened.next();
        if (next.done || this.stopped) break;
        await this.queue(next.value, this.access);
        if (Date.now() > reopenAt) break;
      }
      await opened.return?.();
    }
  }

  /** The stream, or why it cannot be opened now. */
  private async open(): Promise<AsyncIterableIterator<ExecutionResult> | string> {
    const { source } = this.webhook;
    const schema = this.deps.executor.schema();
    if (!schema) return 'the supergraph is not loaded yet';
    const authorization = await webhookAuthorization(source.caller, this.deps.auth);
    if (source.caller.role !== null && !authorization) return 'the gateway has no JWT_SECRET or SERVICE_TOKEN_SECRET to act with the registering caller\'s catalog';
    const op = prepareSubscription(schema, parse(source.document), source.variables, source.operationName, this.deps.limits);
    if (!isPrepared(op)) return `the subscription document is refused: ${op.map((e) => e.message).join('; ')}`;
    const subscriber: Subscriber = {
      caller: source.caller,
      ...(authorization ? { authorization } : {}),
      expiresAt: null,
      limitKey: `webhook:${this.webhook.id}`,
      onAccess: (entry) => void (this.access = entry),
    };
    let after = await this.deps.store.cursor(this.webhook.id);
    for (;;) {
      const opened = await this.deps.streams.open({ ...op, origin: originOf(source.document, op.operation) }, subscriber, after);
      if (!Array.isArray(opened)) return opened as AsyncIterableIterator<ExecutionResult>;
      const errors = opened as readonly GraphQLError[];
      if (after === null || errors[0]?.extensions?.code !== 'RESUME_TOO_OLD') return errors.map((e) => e.message).join('; ');
      this.deps.onError(this.webhook.id, `${errors[0].message}: the events in between are lost to this webhook`);
      after = null;
    }
  }

  private async queue(payload: ExecutionResult, access: AccessEntry | null): Promise<void> {
    const eventId = String(payload.extensions?.eventId);
    const type = Object.keys(payload.data ?? {})[0] ?? 'subscription';
    const delivery: Delivery = {
      id: `msg_${this.webhook.id.replace(/^wh_/, '')}_${eventId}`,
      webhookId: this.webhook.id,
      type,
      body: JSON.stringify({ type, timestamp: new Date().toISOString(), ...payload }),
      attempts: 0,
      createdAt: new Date().toISOString(),
      lastError: null,
      ...(access ? { access: { ...access, kind: 'WEBHOOK' } } : {}),
    };
    if (await this.deps.store.enqueue(delivery)) this.deps.queued();
    await this.deps.store.advanceCursor(this.webhook.id, eventId);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.iterator?.return?.();
    await this.done;
  }
}
