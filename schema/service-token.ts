import { SignJWT, jwtVerify } from 'jose';

/**
 * The gateway's own credential towards the province subgraphs' change feeds: a short-lived HS256
 * token that it signs itself, with an audience no caller's token carries, so that a caller's token
 * never opens a feed and a service token is never a caller at any GraphQL endpoint. The subgraphs
 * verify it with the same secret (SERVICE_TOKEN_SECRET, else JWT_SECRET) and issuer as the rest.
 */

export const SERVICE_AUDIENCE = 'yrd-change-feeds';
/**
 * The audience of the tokens the gateway signs with the service secret to act for a caller (a
 * webhook subscription's registering caller) where callers' tokens are verified by a JWKS alone:
 * the subgraphs read them as that caller; no change feed accepts them, and no other token is one.
 */
export const DELEGATED_AUDIENCE = 'yrd-delegated-caller';
export const SERVICE_SUBJECT = 'gateway';
/** How long a service token lives; a verifier refuses one that claims to live longer. */
export const SERVICE_TOKEN_LIFETIME_SEC = 60;

export interface ServiceTokenKey {
  /** HS256 secret shared by the gateway and the subgraphs; null when the deployment has none. */
  secret: string | null;
  issuer: string;
  clockToleranceSec: number;
}

export async function signServiceToken(key: ServiceTokenKey & { secret: string }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(SERVICE_SUBJECT)
    .setIssuer(key.issuer)
    .setAudience(SERVICE_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + SERVICE_TOKEN_LIFETIME_SEC)
    .sign(new TextEncoder().encode(key.secret));
}

/** Null when `authorization` carries a valid service token, else why it does not. */
export async function serviceTokenProblem(key: ServiceTokenKey, authorization: string | undefined): Promise<string | null> {
  if (!key.secret) return 'this subgraph has no service secret (SERVICE_TOKEN_SECRET or JWT_SECRET) to verify the gateway with';
  const token = /^Bearer\s+([A-Za-z0-9_\-.=]+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return 'the change feeds are for the gateway: a service token is required';
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(key.secret), {
      issuer: key.issuer,
      audience: SERVICE_AUDIENCE,
      subject: SERVICE_SUBJECT,
      algorithms: ['HS256'],
      clockTolerance: key.clockToleranceSec,
      requiredClaims: ['exp', 'iat'],
    });
    if ((payload.exp as number) - (payload.iat as number) > SERVICE_TOKEN_LIFETIME_SEC) return 'the service token lives longer than a service token may';
    return null;
  } catch {
    return 'the service token is not valid';
  }
}
