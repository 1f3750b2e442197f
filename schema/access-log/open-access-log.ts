import type { AccessLogConfig } from '../config/shared-config';
import { FileAccessLogStore } from './file-store';
import { RedisAccessLogStore } from './redis-store';
import type { AccessLogStore } from './store';

/** Redis Streams (under its prefix) when a URL is given, else the file. */
export function openAccessLogStore(config: AccessLogConfig): AccessLogStore {
  if (config.redisUrl) return new RedisAccessLogStore({ url: config.redisUrl, prefix: config.redisPrefix });
  return new FileAccessLogStore({ file: config.file });
}
