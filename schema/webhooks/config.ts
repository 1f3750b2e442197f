import { redisUrlOf } from '../cache/redis-connection';
import type { RedisUrlValues } from '../config/shared-config';
import { CACHE_VARIABLES } from '../config/cache-variables';
import { readVariables, type Env, type ValuesOf } from '../config/read-variables';
import { WEBHOOK_DELIVERY_VARIABLES, WEBHOOK_STORE_VARIABLES } from '../config/webhook-variables';
import type { Backoff } from './backoff';
import type { WebhookStoreConfig } from './open-webhook-store';

export interface WebhookDeliveryConfig {
  /** The allow-list's origins, as configured. */
  allowedTargets: readonly string[];
  maxAttempts: number;
  backoff: Backoff;
  timeoutMs: number;
  pollMs: number;
}

export interface WebhooksConfig {
  store: WebhookStoreConfig;
  delivery: WebhookDeliveryConfig;
}

export function webhookStoreOf(v: ValuesOf<typeof WEBHOOK_STORE_VARIABLES> & RedisUrlValues): WebhookStoreConfig {
  return { redisUrl: redisUrlOf(v.REDIS_URL, v.REDIS_CLUSTER), redisPrefix: v.WEBHOOK_REDIS_PREFIX, file: v.WEBHOOK_FILE };
}

export function webhooksOf(v: ValuesOf<typeof WEBHOOK_STORE_VARIABLES> & ValuesOf<typeof WEBHOOK_DELIVERY_VARIABLES> & RedisUrlValues): WebhooksConfig {
  return {
    store: webhookStoreOf(v),
    delivery: {
      allowedTargets: (v.WEBHOOK_ALLOWED_TARGETS ?? '').split(/[\s,]+/).filter((e) => e !== ''),
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS,
      backoff: { initialMs: v.WEBHOOK_BACKOFF_MS, maxMs: v.WEBHOOK_BACKOFF_MAX_MS },
      timeoutMs: v.WEBHOOK_TIMEOUT_MS,
      pollMs: v.WEBHOOK_POLL_MS,
    },
  };
}

export const WEBHOOK_PROCESS_VARIABLES = { ...WEBHOOK_STORE_VARIABLES, ...WEBHOOK_DELIVERY_VARIABLES, REDIS_URL: CACHE_VARIABLES.REDIS_URL, REDIS_CLUSTER: CACHE_VARIABLES.REDIS_CLUSTER } as const;

export function loadWebhooksConfig(env: Env): WebhooksConfig {
  return webhooksOf(readVariables(WEBHOOK_PROCESS_VARIABLES, env));
}
