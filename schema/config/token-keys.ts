import type { ConfigProblem } from './read-variables';

interface KeyVariables {
  JWT_SECRET: string | undefined;
  SERVICE_TOKEN_SECRET: string | undefined;
  JWT_JWKS_FILE: string | undefined;
  JWT_JWKS_URL: string | undefined;
  ALLOW_ANONYMOUS: boolean;
  ANONYMOUS_ONLY: boolean;
}

export function hasTokenKeys(v: Omit<KeyVariables, 'ALLOW_ANONYMOUS' | 'ANONYMOUS_ONLY'>): boolean {
  return Boolean(v.JWT_SECRET || v.JWT_JWKS_FILE || v.JWT_JWKS_URL);
}

/**
 * The gateway's own credential towards the subgraphs (the change feeds' service tokens, and the
 * tokens it signs to act for a webhook's registering caller) is a secret it shares with them,
 * whoever verifies the callers' tokens: where a JWKS alone verifies them, the gateway holds no
 * key the subgraphs trust, so SERVICE_TOKEN_SECRET is required, at the gateway and at every
 * subgraph alike, rather than subscriptions and webhooks that never deliver.
 */
export function serviceSecretProblems(v: Omit<KeyVariables, 'ALLOW_ANONYMOUS' | 'ANONYMOUS_ONLY'>): ConfigProblem[] {
  if (v.JWT_SECRET || v.SERVICE_TOKEN_SECRET || !(v.JWT_JWKS_FILE || v.JWT_JWKS_URL)) return [];
  return [{ variable: 'SERVICE_TOKEN_SECRET', value: undefined, reason: 'is required where tokens are verified by a JWKS alone (JWT_JWKS_URL or JWT_JWKS_FILE without JWT_SECRET): the gateway reads the change feeds and acts for webhook subscriptions with it; set the same value at the gateway and every subgraph' }];
}

/**
 * A production deployment verifies tokens: without a key it would serve every caller as
 * anonymous by accident. Only ANONYMOUS_ONLY=true says that this is meant.
 */
export function tokenKeyProblems(v: KeyVariables, production: boolean): ConfigProblem[] {
  const service = serviceSecretProblems(v);
  if (service.length > 0) return service;
  if (v.ANONYMOUS_ONLY) {
    if (hasTokenKeys(v)) return [{ variable: 'ANONYMOUS_ONLY', value: 'true', reason: 'contradicts the token keys given (JWT_SECRET, JWT_JWKS_FILE or JWT_JWKS_URL)' }];
    if (!v.ALLOW_ANONYMOUS) return [{ variable: 'ANONYMOUS_ONLY', value: 'true', reason: 'contradicts ALLOW_ANONYMOUS=false' }];
    return [];
  }
  if (!production || hasTokenKeys(v)) return [];
  return [{ variable: 'JWT_SECRET', value: undefined, reason: 'is required in production (NODE_ENV=production), or JWT_JWKS_FILE or JWT_JWKS_URL; set ANONYMOUS_ONLY=true to serve anonymous callers only' }];
}
