import type { CallerVerifierOptions } from '../../schema/caller';
import type { Caller } from '../../schema/sharing-catalog';
import { signToken } from '../../schema/tokens/sign-token';

/** How long a token the gateway signs for a webhook's caller lives; the webhook's stream is reopened with a fresh one before. */
export const WEBHOOK_TOKEN_SEC = 3600;

/**
 * A token with the registering caller's claims, signed with the deployment's HS256 secret, so
 * that the subgraphs (which trust no network) apply that caller's catalog to the webhook's
 * payloads exactly as to the caller's own queries. Null when the deployment has no secret.
 */
export async function webhookAuthorization(caller: Caller, auth: CallerVerifierOptions): Promise<string | null> {
  if (!auth.secret || caller.role === null) return null;
  const token = await signToken(
    { sub: caller.sub ?? undefined, role: caller.role, ...(caller.province ? { province: caller.province } : {}), catalog: caller.catalog },
    { secret: auth.secret, issuer: auth.issuer, audience: auth.audience, expiresInSec: WEBHOOK_TOKEN_SEC },
  );
  return `Bearer ${token}`;
}
