import { randomUUID } from 'node:crypto';
import type { AccessRecorder } from '../../schema/access-log/recorder';
import type { AccessEntry } from '../../schema/access-log/types';
import { WebhookAllowList } from '../../schema/webhooks/allow-list';
import { DeliveryWorker } from '../../schema/webhooks/delivery-worker';
import { openWebhookStore } from '../../schema/webhooks/open-webhook-store';
import { WebhookSender, type AttemptOutcome } from '../../schema/webhooks/send';
import type { WebhookStore } from '../../schema/webhooks/store';
import type { Delivery, WebhookRegistration } from '../../schema/webhooks/types';
import type { GatewayConfig } from '../config';
import type { Logger } from '../plugins/http/logging';
import type { EventStreams } from '../subscriptions/event-streams';
import type { GatewayExecutor } from '../subscriptions/subscriber';
import { SubscriptionFeed } from './subscription-feed';

export interface RunningWebhooks {
  store: WebhookStore;
  /** The webhooks whose streams this gateway holds now. */
  feeding(): string[];
  close(): Promise<void>;
}

export interface WebhookDeps {
  streams: EventStreams;
  executor: GatewayExecutor;
  accessRecorder: AccessRecorder;
  logger: Logger;
  /** Each finished attempt (metrics and tests). */
  onAttempt?: (delivery: Delivery, webhook: WebhookRegistration, outcome: AttemptOutcome) => void;
}

/**
 * Webhooks at one gateway: every gateway sends from the shared queue (each delivery claimed by
 * one), and each subscription webhook's stream is fed by whichever gateway holds its lease, so
 * that a gateway that stops hands its webhooks to another within a lease, from their cursors.
 */
export function startWebhooks(config: GatewayConfig, deps: WebhookDeps): RunningWebhooks {
  const { delivery } = config.webhooks;
  const store = openWebhookStore(config.webhooks.store);
  const owner = `gateway-${randomUUID()}`;
  const sender = new WebhookSender(new WebhookAllowList(delivery.allowedTargets), delivery.timeoutMs);
  const logger = deps.logger;
  const worker = new DeliveryWorker({
    store,
    sender,
    maxAttempts: delivery.maxAttempts,
    backoff: delivery.backoff,
    pollMs: delivery.pollMs,
    leaseMs: delivery.timeoutMs + 5000,
    onAttempt: (d, webhook, outcome) => {
      if (outcome.ok && d.access) deps.accessRecorder.record({ ...(d.access as AccessEntry), at: new Date().toISOString() });
      if (!outcome.ok) logger.warn({ webhook: webhook.id, delivery: d.id, attempts: d.attempts, reason: outcome.reason }, 'webhook delivery failed');
      deps.onAttempt?.(d, webhook, outcome);
    },
    onError: (e) => logger.error({ cause: (e as Error).message }, 'webhook queue unavailable'),
  });
  const feeds = new Map<string, SubscriptionFeed>();
  const leaseMs = delivery.pollMs * 3 + 2000;
  let stopped = false;

  const feedDeps = {
    store,
    streams: deps.streams,
    executor: deps.executor,
    limits: config.security.limits,
    auth: config.security.auth,
    queued: () => worker.poke(),
    onError: (webhook: string, cause: string) => logger.error({ webhook, cause }, 'webhook stream not open'),
  };

  const stopFeed = async (id: string): Promise<void> => {
    const feed = feeds.get(id);
    feeds.delete(id);
    await feed?.close();
  };

  const sync = async (): Promise<void> => {
    const registrations = await store.list();
    const wanted = new Set<string>();
    for (const r of registrations) {
      if (r.source.kind !== 'subscription') continue;
      wanted.add(r.id);
      const held = await store.lease(`stream:${r.id}`, owner, leaseMs);
      if (held && !feeds.has(r.id) && !stopped) feeds.set(r.id, new SubscriptionFeed(r as WebhookRegistration & { source: typeof r.source }, feedDeps));
      if (!held && feeds.has(r.id)) await stopFeed(r.id);
    }
    for (const id of [...feeds.keys()]) {
      if (!wanted.has(id)) {
        await stopFeed(id);
        await store.release(`stream:${id}`, owner);
      }
    }
  };

  let timer: NodeJS.Timeout | null = null;
  const loop = (): void => {
    sync()
      .catch((e: unknown) => logger.error({ cause: (e as Error).message }, 'webhook registrations not read'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, delivery.pollMs);
      });
  };
  loop();

  return {
    store,
    feeding: () => [...feeds.keys()],
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const id of [...feeds.keys()]) {
        await stopFeed(id);
        await store.release(`stream:${id}`, owner).catch(() => undefined);
      }
      await worker.close();
      await sender.close();
      await store.close();
    },
  };
}
