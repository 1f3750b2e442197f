import type { Caller } from '../sharing-catalog';

/** What a webhook is fed by: a subscription document run under the registering caller's catalog, or the registry's events. */
export type WebhookSource =
  | {
      kind: 'subscription';
      document: string;
      variables: Record<string, unknown>;
      operationName: string | null;
      /** Who registered it: the payloads are what this caller's catalog lets it see. */
      caller: Caller;
    }
  | { kind: 'registry' };

export interface WebhookRegistration {
  id: string;
  url: string;
  /** The Standard Webhooks secret, `whsec_` + base64. Never listed. */
  secret: string;
  source: WebhookSource;
  createdAt: string;
  /** The registering caller's `sub` (or the operator's name at the CLI). */
  createdBy: string;
}

/** A registration as it is listed: everything but the secret. */
export type ListedWebhook = Omit<WebhookRegistration, 'secret'>;

/** One message to one webhook, kept until the target accepts it or it becomes a dead letter. */
export interface Delivery {
  /** The webhook-id header: the same on every attempt, so the receiver can drop repeats. */
  id: string;
  webhookId: string;
  /** The event type, e.g. `warningChanges` or `registry.published`. */
  type: string;
  /** The JSON body, fixed when the event was resolved: every attempt sends the same bytes. */
  body: string;
  attempts: number;
  createdAt: string;
  lastError: string | null;
  /** What the body released under the catalog, recorded in the access log once the target accepts it. */
  access?: unknown;
}

export interface DeadLetter extends Delivery {
  deadAt: string;
}

export function listed(registration: WebhookRegistration): ListedWebhook {
  const { secret: _secret, ...rest } = registration;
  return rest;
}
