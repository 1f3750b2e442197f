import type { SharedCache } from '../../schema/cache/shared-cache';
import type { CreditPlatform } from '../../schema/config/legacy-config';
import type { HttpTuning } from '../kit/adapter-options';
import type { Clock } from '../kit/clock';
import { CreditCopy, type CreditCopyOptions } from './credit-copy';
import { CreditPlatformClient } from './platform-client';

export { CreditCopy, SHARED_COPY_KEY, type CreditCopyOptions, type CreditCopyState } from './credit-copy';
export { CreditPlatformClient, type CreditCredentials } from './platform-client';
export { SanctionsCopy, type InvalidSanctionRow } from './sanctions-copy';

export const CREDIT_SYSTEM = 'CR aqsc';

export interface CreditCopyForOptions extends Omit<CreditCopyOptions, 'client' | 'clock'> {
  http?: HttpTuning;
  cache?: SharedCache;
}

/** The copy of the platform at `platform.baseUrl`, signed in with its credentials. */
export function creditCopyFor(platform: CreditPlatform, clock: Clock, options: CreditCopyForOptions = {}): CreditCopy {
  const client = new CreditPlatformClient(platform.baseUrl, platform.credentials, options.http);
  const { http: _http, cache, ...rest } = options;
  return new CreditCopy({ ...rest, client, clock, ...(cache ? { shared: { cache, keepMs: 24 * 3600_000 } } : {}) });
}
