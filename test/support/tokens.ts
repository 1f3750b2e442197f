import { CallerVerifier, DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
import { CATALOG_ENTRIES } from '../../schema/sharing-catalog';
import { signToken, type TokenClaims } from '../../schema/tokens/sign-token';

/** Tokens for tests: one HS256 secret that the test federation's gateway and subgraphs share. */

export const TEST_JWT_SECRET = 'test-only-secret-0123456789abcdef-0123456789abcdef';

/** The environment that makes a gateway or subgraph verify test tokens. */
export const TEST_AUTH_ENV: NodeJS.ProcessEnv = { JWT_SECRET: TEST_JWT_SECRET, JWT_ISSUER: DEFAULT_JWT_ISSUER, JWT_AUDIENCE: DEFAULT_JWT_AUDIENCE };

/** A verifier as the subgraphs have one (accepting the gateway's delegated-caller tokens). */
export function testVerifier(env: NodeJS.ProcessEnv = {}): CallerVerifier {
  return new CallerVerifier(loadAuthOptions({ ...TEST_AUTH_ENV, ...env }), 'accept');
}

export type { TokenClaims } from '../../schema/tokens/sign-token';

export interface TokenOptions {
  secret?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresInSec?: number;
}

export async function mintToken(claims: TokenClaims, options: TokenOptions = {}): Promise<string> {
  return signToken(claims, {
    secret: options.secret ?? TEST_JWT_SECRET,
    issuer: options.issuer ?? DEFAULT_JWT_ISSUER,
    audience: options.audience ?? DEFAULT_JWT_AUDIENCE,
    expiresInSec: options.expiresInSec ?? 3600,
  });
}

/** `Authorization: Bearer …` for a caller with these claims. */
export async function bearer(claims: TokenClaims, options: TokenOptions = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await mintToken(claims, options)}` };
}

/** A caller that holds every conditional entry: the exchange platform with the whole catalog. */
export const EVERY_ENTRY: TokenClaims = { sub: 'exchange-all', role: 'exchange', catalog: CATALOG_ENTRIES };
