import { FileWebhookStore } from './file-store';
import { RedisWebhookStore } from './redis-store';
import type { WebhookStore } from './store';

/** Where webhooks are kept: Redis (REDIS_URL, under its prefix) when a URL is given, else the file. */
export interface WebhookStoreConfig {
  redisUrl: string | null;
  redisPrefix: string;
  file: string;
}

export function openWebhookStore(config: WebhookStoreConfig): WebhookStore {
  return config.redisUrl ? new RedisWebhookStore(config.redisUrl, config.redisPrefix) : new FileWebhookStore(config.file);
}
