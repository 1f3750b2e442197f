import { randomUUID } from 'node:crypto';
import type { WebhookAllowList } from './allow-list';
import { checkedSecret, newWebhookSecret } from './secret';
import type { WebhookStore } from './store';
import type { WebhookRegistration, WebhookSource } from './types';

export interface RegistrationInput {
  url: string;
  /** `whsec_…`; absent: one is made and returned once. */
  secret?: string | null;
  source: WebhookSource;
  createdBy: string;
}

/** Checks the target against the allow-list and the secret's form, then stores the registration; the secret is in the answer, and never listed again. */
export async function registerWebhook(store: WebhookStore, allowList: WebhookAllowList, input: RegistrationInput, now: Date = new Date()): Promise<WebhookRegistration> {
  const url = allowList.check(input.url);
  const registration: WebhookRegistration = {
    id: `wh_${randomUUID()}`,
    url: url.href,
    secret: input.secret ? checkedSecret(input.secret) : newWebhookSecret(),
    source: input.source,
    createdAt: now.toISOString(),
    createdBy: input.createdBy,
  };
  await store.add(registration);
  return registration;
}
