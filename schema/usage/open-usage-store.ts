import type { RegistryStoreConfig } from '../config/shared-config';
import { FileUsageStore } from './file-usage-store';
import { RedisUsageStore } from './redis-usage-store';
import type { UsageStore } from './types';

/** Usage beside the registry it informs: `<registry file>.usage.jsonl`, or the registry's Redis prefix + `usage:`. */
export function openUsageStore(config: RegistryStoreConfig): UsageStore {
  if (config.redisUrl) return new RedisUsageStore(config.redisUrl, `${config.redisPrefix}usage:`);
  return new FileUsageStore(`${config.file.replace(/\.jsonl$/, '')}.usage.jsonl`);
}
