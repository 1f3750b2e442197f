import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { WebhookAllowList } from '../../../schema/webhooks/allow-list';
import { registerWebhook } from '../../../schema/webhooks/register';
import type { WebhookRegistration } from '../../../schema/webhooks/types';
import type { Caller } from '../../../schema/sharing-catalog';
import { PROVINCE_CODES, type ProvinceCode } from '../../../schema/model';
import type { RunningGateway } from '../../../gateway/server';
import type { Federation } from '../../support/federation';
import type { WebhookReceiver } from '../../support/webhook-receiver';
import { feedMark, TRIP_FEEDS, waitFor, WARNING_FEEDS } from '../subscriptions/harness';

/** The gateway's webhook settings for a test: the receiver's origin allowed, short waits, three attempts. */
export function webhookEnv(receiver: WebhookReceiver, file: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WEBHOOK_ALLOWED_TARGETS: `${receiver.origin} http://localhost:${receiver.port}`,
    WEBHOOK_FILE: file,
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_BACKOFF_MS: '100',
    WEBHOOK_BACKOFF_MAX_MS: '400',
    WEBHOOK_TIMEOUT_MS: '400',
    WEBHOOK_POLL_MS: '50',
    ...extra,
  };
}

export function webhookFile(): string {
  return path.join(os.tmpdir(), `yrd-webhooks-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
}

export const removeFile = (file: string): Promise<void> => rm(file, { force: true });

/** Registers a subscription webhook in the gateway's store (as `npm run webhooks -- add` does) and waits until a gateway feeds it from a starting position of its feeds (`positions`: which feeds, of which provinces). */
export async function subscribeWebhook(
  fed: Federation,
  url: string,
  document: string,
  variables: Record<string, unknown>,
  caller: Caller,
  secret: string,
  gateways: readonly RunningGateway[] = [fed.gateway],
  positions: { feeds: readonly string[]; provinces: readonly ProvinceCode[] } = { feeds: document.includes('hazmatTransportEvents') ? TRIP_FEEDS : WARNING_FEEDS, provinces: PROVINCE_CODES },
): Promise<WebhookRegistration> {
  const allowList = new WebhookAllowList(fed.gatewayConfig.webhooks.delivery.allowedTargets);
  const marks = await Promise.all(gateways.map((g) => feedMark(g)));
  const webhook = await registerWebhook(fed.gateway.webhooks.store, allowList, { url, secret, source: { kind: 'subscription', document, variables, operationName: null, caller }, createdBy: 'test' });
  await waitFor(() => gateways.some((g) => g.webhooks.feeding().includes(webhook.id)), 10_000);
  const feeding = gateways.findIndex((g) => g.webhooks.feeding().includes(webhook.id));
  if (feeding >= 0) await marks[feeding].positionsTaken(1, positions.feeds, positions.provinces);
  return webhook;
}

export const WEBHOOK_SECRET = `whsec_${Buffer.from('a test secret of thirty-two byte').toString('base64')}`;

export const app = (sub: string, catalog: Caller['catalog'] = []): Caller => ({ sub, role: 'app', province: null, catalog });
