import type { RegistryStoreConfig } from '../config/shared-config';
import { FileUsageStore } from './file-usage-store';
import { RedisUsageStore } from './redis-usage-store';
import { DEFAULT_USAGE_KEEP_DAYS, type UsageStore } from './types';

/** Usage beside the registry it informs: `<registry file>.usage.jsonl`, or the registry's Redis prefix + `usage:`; `usageKeepDays` days of it. */
export function openUsageStore(config: RegistryStoreConfig): UsageStore {
  const keepDays = config.usageKeepDays ?? DEFAULT_USAGE_KEEP_DAYS;
  if (config.redisUrl) return new RedisUsageStore(config.redisUrl, `${config.redisPrefix}usage:`, keepDays);
  return new FileUsageStore(`${config.file.replace(/\.jsonl$/, '')}.usage.jsonl`, { keepDays });
}
