import type { ConfigProblem } from './read-variables';

interface KeyVariables {
  JWT_SECRET: string | undefined;
  JWT_JWKS_FILE: string | undefined;
  JWT_JWKS_URL: string | undefined;
  ALLOW_ANONYMOUS: boolean;
  ANONYMOUS_ONLY: boolean;
}

export function hasTokenKeys(v: Omit<KeyVariables, 'ALLOW_ANONYMOUS' | 'ANONYMOUS_ONLY'>): boolean {
  return Boolean(v.JWT_SECRET || v.JWT_JWKS_FILE || v.JWT_JWKS_URL);
}

/**
 * A production deployment verifies tokens: without a key it would serve every caller as
 * anonymous by accident. Only ANONYMOUS_ONLY=true says that this is meant.
 */
export function tokenKeyProblems(v: KeyVariables, production: boolean): ConfigProblem[] {
  if (v.ANONYMOUS_ONLY) {
    if (hasTokenKeys(v)) return [{ variable: 'ANONYMOUS_ONLY', value: 'true', reason: 'contradicts the token keys given (JWT_SECRET, JWT_JWKS_FILE or JWT_JWKS_URL)' }];
    if (!v.ALLOW_ANONYMOUS) return [{ variable: 'ANONYMOUS_ONLY', value: 'true', reason: 'contradicts ALLOW_ANONYMOUS=false' }];
    return [];
  }
  if (!production || hasTokenKeys(v)) return [];
  return [{ variable: 'JWT_SECRET', value: undefined, reason: 'is required in production (NODE_ENV=production), or JWT_JWKS_FILE or JWT_JWKS_URL; set ANONYMOUS_ONLY=true to serve anonymous callers only' }];
}
