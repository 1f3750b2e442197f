import type { CallerVerifierOptions } from '../../schema/caller';
import type { Caller } from '../../schema/sharing-catalog';
import { DELEGATED_AUDIENCE } from '../../schema/service-token';
import { signToken } from '../../schema/tokens/sign-token';

/** How long a token the gateway signs for a webhook's caller lives; the webhook's stream is reopened with a fresh one before. */
export const WEBHOOK_TOKEN_SEC = 3600;

/**
 * A token with the registering caller's claims, so that the subgraphs (which trust no network)
 * apply that caller's catalog to the webhook's payloads exactly as to the caller's own queries:
 * signed with the deployment's HS256 secret, or, where a JWKS alone verifies callers (the gateway
 * holds none of its private keys), with the service secret for DELEGATED_AUDIENCE. Null when the
 * deployment has neither secret.
 */
export async function webhookAuthorization(caller: Caller, auth: CallerVerifierOptions): Promise<string | null> {
  const secret = auth.secret ?? auth.serviceSecret ?? null;
  if (!secret || caller.role === null) return null;
  const token = await signToken(
    { sub: caller.sub ?? undefined, role: caller.role, ...(caller.province ? { province: caller.province } : {}), catalog: caller.catalog },
    { secret, issuer: auth.issuer, audience: auth.secret ? auth.audience : DELEGATED_AUDIENCE, expiresInSec: WEBHOOK_TOKEN_SEC },
  );
  return `Bearer ${token}`;
}
