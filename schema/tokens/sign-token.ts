import { SignJWT } from 'jose';
import type { ProvinceCode } from '../model';
import type { CatalogEntry, Role } from '../sharing-catalog';

/** The claims of a caller's token (sharing-catalog.md, "Callers"). */
export interface TokenClaims {
  sub?: string;
  role: Role;
  province?: ProvinceCode;
  catalog?: readonly CatalogEntry[];
}

export interface SigningOptions {
  /** The HS256 secret the gateway and every subgraph verify with. */
  secret: string;
  issuer: string;
  audience: string;
  /** Seconds from now; negative for an expired token. */
  expiresInSec: number;
}

/** The subject a token names when none is given: its role, and its province for a province. */
export function defaultSubject(claims: TokenClaims): string {
  return `${claims.role}${claims.province ? `-${claims.province}` : ''}`;
}

/** An HS256 token with these claims, as the gateway's CallerVerifier accepts it. */
export async function signToken(claims: TokenClaims, options: SigningOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: claims.role, ...(claims.province ? { province: claims.province } : {}), catalog: [...(claims.catalog ?? [])] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? defaultSubject(claims))
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + options.expiresInSec)
    .sign(new TextEncoder().encode(options.secret));
}
