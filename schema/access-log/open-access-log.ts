import type { AccessLogConfig } from '../config/shared-config';
import { headSigner, type HeadSigner } from '../registry/signing';
import { FileAccessLogStore } from './file-store';
import { RedisAccessLogStore } from './redis-store';
import type { SegmentedAccessLogStore } from './store';

/** Redis Streams (under its prefix) when a URL is given, else the file. */
export function openAccessLogStore(config: AccessLogConfig): SegmentedAccessLogStore {
  const signer = accessLogSigner(config);
  if (config.redisUrl) return new RedisAccessLogStore({ url: config.redisUrl, prefix: config.redisPrefix, signer });
  return new FileAccessLogStore({ file: config.file, signer });
}

export function accessLogSigner(config: AccessLogConfig): HeadSigner | null {
  return config.signingKey ? headSigner(config.signingKey) : null;
}
