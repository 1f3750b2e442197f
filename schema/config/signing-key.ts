import type { ConfigProblem } from './read-variables';

/**
 * In production the auditors' verification must be able to tell a rewritten history from the
 * real one, which only the signatures can: the registry subgraph does not start without the key.
 * In development an unset key means unsigned histories, verified by their hashes alone.
 */
export function signingKeyProblems(v: { REGISTRY_SIGNING_KEY: string | undefined }, production: boolean): ConfigProblem[] {
  if (!production || v.REGISTRY_SIGNING_KEY) return [];
  return [{ variable: 'REGISTRY_SIGNING_KEY', value: undefined, reason: 'is required in production (NODE_ENV=production): without it a history rewritten whole with fresh hashes verifies as intact' }];
}
