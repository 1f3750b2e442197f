import type { SharedCache } from '../../schema/cache/shared-cache';
import type { HttpTuning } from '../kit/adapter-options';
import type { Clock } from '../kit/clock';
import { CreditCopy, type CreditCopyOptions } from './credit-copy';
import { CreditPlatformClient } from './platform-client';

export { CreditCopy, SHARED_COPY_KEY, type CreditCopyState } from './credit-copy';
export { CreditPlatformClient, type CreditCredentials } from './platform-client';
export { SanctionsCopy, type InvalidSanctionRow } from './sanctions-copy';

export const CREDIT_SYSTEM = 'CR aqsc';

export interface CreditCopyFromEnvOptions extends Omit<CreditCopyOptions, 'client' | 'clock'> {
  http?: HttpTuning;
  cache?: SharedCache;
}

/** The copy of the platform at LEGACY_CR_URL with LEGACY_CR_USER and LEGACY_CR_PASSWORD (demo defaults). */
export function creditCopyFromEnv(env: NodeJS.ProcessEnv, clock: Clock, options: CreditCopyFromEnvOptions = {}): CreditCopy {
  const client = new CreditPlatformClient(
    env.LEGACY_CR_URL ?? 'http://127.0.0.1:4105',
    { user: env.LEGACY_CR_USER || 'demo-cr', password: env.LEGACY_CR_PASSWORD || 'demo-cr-password' },
    options.http,
  );
  const { http: _http, cache, ...rest } = options;
  return new CreditCopy({ ...rest, client, clock, ...(cache ? { shared: { cache, keepMs: 24 * 3600_000 } } : {}) });
}
