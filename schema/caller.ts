import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { LRUCache } from 'lru-cache';
import { PROVINCE_CODES, type ProvinceCode } from './model';
import { ANONYMOUS, isCatalogEntry, isRole, type Caller } from './sharing-catalog';
import { ErrorCodes } from './error-codes';
import { DELEGATED_AUDIENCE } from './service-token';

/**
 * Bearer tokens → callers, the same at the gateway and at every subgraph (rule 6: subgraphs do
 * not trust the network). A token that fails any check is refused, never read as anonymous.
 */

export const UNAUTHENTICATED = ErrorCodes.UNAUTHENTICATED;

export class UnauthenticatedError extends Error {
  readonly code = UNAUTHENTICATED;
}

export interface CallerVerifierOptions {
  /** HS256 shared secret (at least 32 bytes). */
  secret: string | null;
  /** HS256 secret of the gateway's service tokens (schema/service-token.ts); null: no service token can be made or verified. */
  serviceSecret?: string | null;
  /** A JWKS document on disk (RS256 / ES256 public keys). */
  jwksFile: string | null;
  /** A JWKS endpoint (RS256 / ES256 public keys), fetched and cached by jose. */
  jwksUrl: string | null;
  issuer: string;
  audience: string;
  /** Callers without a token read unconditional data. */
  allowAnonymous: boolean;
  /** Leeway for exp / nbf, in seconds. */
  clockToleranceSec: number;
}

export const DEFAULT_JWT_ISSUER = 'yrd-federation';
export const DEFAULT_JWT_AUDIENCE = 'yrd-gateway';
const MIN_SECRET_BYTES = 32;
const MAX_TOKEN_LENGTH = 8192;
const VERIFIED_TOKENS = 10_000;

function isProvince(value: unknown): value is ProvinceCode {
  return typeof value === 'string' && (PROVINCE_CODES as readonly string[]).includes(value);
}

/** The claims of a verified token as a caller; a token whose claims make no caller is refused. */
export function callerFromClaims(payload: JWTPayload): Caller {
  const { sub, role, province, catalog } = payload as JWTPayload & { role?: unknown; province?: unknown; catalog?: unknown };
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('the token names no subject (sub)');
  if (!isRole(role)) throw new UnauthenticatedError('the token carries no known role');
  if (role === 'province' && !isProvince(province)) throw new UnauthenticatedError('a province token must name its province (SH, JS, ZJ or AH)');
  if (catalog !== undefined && !Array.isArray(catalog)) throw new UnauthenticatedError('the token\'s catalog claim must be a list of entries');
  return {
    sub,
    role,
    province: role === 'province' && isProvince(province) ? province : null,
    catalog: Object.freeze([...new Set((catalog ?? []).filter(isCatalogEntry))]),
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof UnauthenticatedError) return error.message;
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token\'s signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token\'s algorithm is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of this deployment signed the token';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return 'the signing keys cannot be read now';
  return 'the token is malformed';
}

/** How one kind of token is verified: with which key, for which audience, under which algorithms. */
interface VerificationProfile {
  key: JWTVerifyGetKey;
  audience: string;
  algorithms: string[];
  /** A token of the gateway's own delegation (DELEGATED_AUDIENCE), not one an identity provider issued. */
  delegated: boolean;
}

/**
 * Whether this endpoint reads the tokens the gateway signs to act for a caller: the subgraphs do
 * (the gateway forwards them with a webhook's requests); the gateway's public endpoints refuse them,
 * since no caller is meant to hold one.
 */
export type DelegatedTokens = 'accept' | 'refuse';

export const DELEGATED_TOKEN_REFUSED = `this endpoint does not accept the gateway's delegated-caller tokens (audience ${DELEGATED_AUDIENCE}); present a token of your identity provider`;

export class CallerVerifier {
  /** Callers' own tokens: HS256 under JWT_SECRET and/or RS256 / ES256 under the JWKS; null: no key at all. */
  private readonly callers: VerificationProfile | null;
  /** Where a JWKS alone verifies callers: HS256 under the service secret, for the tokens the gateway signs to act for a caller. */
  private readonly delegation: VerificationProfile | null;
  /**
   * Tokens already verified, until they expire: the same token string carries the same signature
   * and claims, so it need not be checked again (a key withdrawn from the JWKS meanwhile does not
   * un-verify it; JWTs cannot be revoked either way). Only successes are kept.
   */
  private readonly verified = new LRUCache<string, { caller: Caller; untilMs: number }>({ max: VERIFIED_TOKENS });

  constructor(
    readonly options: CallerVerifierOptions,
    readonly delegatedTokens: DelegatedTokens = 'refuse',
  ) {
    const secret = options.secret ? new TextEncoder().encode(options.secret) : null;
    if (secret && secret.length < MIN_SECRET_BYTES) throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    let jwks: JWTVerifyGetKey | null = null;
    if (options.jwksFile) jwks = createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile, 'utf8')) as JSONWebKeySet);
    else if (options.jwksUrl) jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    this.callers = secret || jwks ? {
      key: (header, token) => (header.alg === 'HS256' && secret ? secret : (jwks as JWTVerifyGetKey)(header, token)),
      audience: options.audience,
      algorithms: [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256', 'ES256'] : [])],
      delegated: false,
    } : null;
    const serviceSecret = options.serviceSecret ? new TextEncoder().encode(options.serviceSecret) : null;
    this.delegation = !secret && jwks && serviceSecret
      ? { key: () => serviceSecret, audience: DELEGATED_AUDIENCE, algorithms: ['HS256'], delegated: true }
      : null;
  }

  /** Whether tokens can be verified at all (a key or key set is configured). */
  get acceptsTokens(): boolean {
    return this.callers !== null;
  }

  /** The caller of a request by its Authorization header; throws UnauthenticatedError. */
  async callerOf(authorization: string | null | undefined): Promise<Caller> {
    if (authorization === undefined || authorization === null || authorization.trim() === '') {
      if (!this.options.allowAnonymous) throw new UnauthenticatedError('this deployment requires a bearer token');
      return ANONYMOUS;
    }
    const match = /^Bearer\s+([A-Za-z0-9_\-.=]+)\s*$/i.exec(authorization);
    if (!match || match[1].length > MAX_TOKEN_LENGTH) throw new UnauthenticatedError('the Authorization header must be "Bearer <JWT>"');
    if (!this.callers) throw new UnauthenticatedError('this deployment has no key to verify tokens with');
    const token = match[1];
    const known = this.verified.get(token);
    if (known && Date.now() < known.untilMs) return known.caller;
    let profile: VerificationProfile;
    let payload: JWTPayload;
    try {
      profile = this.profileOf(token, this.callers);
      ({ payload } = await jwtVerify(token, profile.key, {
        issuer: this.options.issuer,
        audience: profile.audience,
        algorithms: profile.algorithms,
        clockTolerance: this.options.clockToleranceSec,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      throw new UnauthenticatedError(reasonOf(e));
    }
    // Refused only once verified, so that only a genuine delegated token is told apart from a forged one.
    if (profile.delegated && this.delegatedTokens === 'refuse') throw new UnauthenticatedError(DELEGATED_TOKEN_REFUSED);
    const caller = callerFromClaims(payload);
    this.verified.set(token, { caller, untilMs: ((payload.exp as number) + this.options.clockToleranceSec) * 1000 });
    return caller;
  }

  /** The profile a token is verified under, by its header: HS256 is the gateway's delegation where a JWKS alone verifies callers. */
  private profileOf(token: string, callers: VerificationProfile): VerificationProfile {
    return this.delegation !== null && decodeProtectedHeader(token).alg === 'HS256' ? this.delegation : callers;
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * For a subgraph: the caller, or the UNAUTHENTICATED error (HTTP 401) to answer with. A request
 * without a token passes as anonymous here even where anonymous access is off, because the
 * gateway composes and probes subgraphs without one; `anonymousGate` then refuses it unless it
 * asks for nothing but the subgraph's SDL (`_service`) or `__typename`.
 */
export async function callerOrUnauthenticated(verifier: CallerVerifier, authorization: string | null | undefined): Promise<Caller> {
  if (authorization === undefined || authorization === null || authorization.trim() === '') return ANONYMOUS;
  try {
    return await verifier.callerOf(authorization);
  } catch (e) {
    if (!(e instanceof UnauthenticatedError)) throw e;
    throw unauthenticated(e.message);
  }
}

const SCHEMA_ONLY_FIELDS = new Set(['_service', '__typename']);

/** Refuses (401) a tokenless operation that asks for data, where the deployment allows no anonymous access. */
export function anonymousGate<TContext extends BaseContext>(verifier: CallerVerifier, callerOf: (context: TContext) => Caller): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (verifier.options.allowAnonymous || callerOf(contextValue).role !== null) return;
          const schemaOnly = (operation?.selectionSet.selections ?? []).every((s) => s.kind === Kind.FIELD && SCHEMA_ONLY_FIELDS.has(s.name.value));
          if (!schemaOnly) throw unauthenticated('this deployment requires a bearer token');
        },
      };
    },
  };
}
