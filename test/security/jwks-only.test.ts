import { exportJWK, generateKeyPair } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGatewayConfig } from '../../gateway/config';
import { webhookAuthorization } from '../../gateway/webhooks/webhook-caller';
import { loadLauncherConfig } from '../../launcher/config';
import { CallerVerifier, DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, DELEGATED_TOKEN_REFUSED, UnauthenticatedError } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
import { DELEGATED_AUDIENCE, serviceTokenProblem, signServiceToken } from '../../schema/service-token';
import { signToken } from '../../schema/tokens/sign-token';
import { loadCreditSubgraphConfig } from '../../subgraphs/credit/config';
import { loadProvinceSubgraphConfig } from '../../subgraphs/province/config';
import { loadRegionSubgraphConfig } from '../../subgraphs/region/config';
import { loadRegistrySubgraphConfig } from '../../subgraphs/registry/config';
import { problemsOf } from '../support/config-problems';
import { newSigningSeed } from '../support/signing-keys';
import { TEST_JWT_SECRET } from '../support/tokens';

/**
 * Where callers' tokens are verified by a JWKS alone, the gateway's own credential towards the
 * subgraphs is SERVICE_TOKEN_SECRET: without it the gateway, every subgraph (each verifies the
 * tokens the gateway acts with) and `npm start` refuse to start, naming it; with it, the gateway acts for a webhook's registering caller with a
 * token of its own audience that the subgraphs read as that caller, and nothing else.
 */

const SERVICE_SECRET = 'service-only-secret-0123456789abcdef-0123456789';
const JWKS_URL = 'http://127.0.0.1:9/jwks.json';
const SIGNING_KEY = newSigningSeed();
const dir = mkdtempSync(path.join(tmpdir(), 'yrd-jwks-only-'));
const jwksFile = path.join(dir, 'jwks.json');

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration with a JWKS alone', () => {
  it.each([
    ['the gateway', (env: Record<string, string>) => loadGatewayConfig(env)],
    ['a province subgraph', (env: Record<string, string>) => loadProvinceSubgraphConfig({ PROVINCE: 'SH', ...env })],
    ['the region subgraph', (env: Record<string, string>) => loadRegionSubgraphConfig(env)],
    ['the credit subgraph', (env: Record<string, string>) => loadCreditSubgraphConfig(env)],
    ['the registry subgraph', (env: Record<string, string>) => loadRegistrySubgraphConfig({ REGISTRY_SIGNING_KEY: SIGNING_KEY, ...env })],
    ['npm start', (env: Record<string, string>) => loadLauncherConfig(env)],
  ])('%s refuses to start without SERVICE_TOKEN_SECRET, naming it, in production or not', (_, load) => {
    const deployments: Record<string, string>[] = [{ JWT_JWKS_URL: JWKS_URL }, { JWT_JWKS_FILE: jwksFile }, { JWT_JWKS_URL: JWKS_URL, NODE_ENV: 'production' }];
    for (const keys of deployments) {
      const problems = problemsOf(() => load(keys));
      expect(problems).toEqual([{ variable: 'SERVICE_TOKEN_SECRET', reason: expect.stringContaining('verified by a JWKS alone') }]);
    }
    expect(problemsOf(() => load({ JWT_JWKS_URL: JWKS_URL, SERVICE_TOKEN_SECRET: SERVICE_SECRET }))).toEqual([]);
    expect(problemsOf(() => load({ JWT_JWKS_URL: JWKS_URL, JWT_SECRET: TEST_JWT_SECRET }))).toEqual([]);
  });

  it('gives the gateway the service secret as its credential, apart from the callers\' keys', () => {
    const config = loadGatewayConfig({ NODE_ENV: 'production', JWT_JWKS_URL: JWKS_URL, SERVICE_TOKEN_SECRET: SERVICE_SECRET });
    expect(config.security.auth).toMatchObject({ secret: null, serviceSecret: SERVICE_SECRET, jwksUrl: JWKS_URL });
  });
});

describe('tokens the gateway signs to act for a caller, with a JWKS alone', () => {
  const jwksOnly = () => loadAuthOptions({ JWT_JWKS_FILE: jwksFile, SERVICE_TOKEN_SECRET: SERVICE_SECRET });
  const caller = { sub: 'duty-app', role: 'app', province: null, catalog: ['HAZMAT_DETAIL'] } as const;

  it('are read by the subgraphs as the registering caller', async () => {
    const authorization = await webhookAuthorization(caller, jwksOnly());
    expect(authorization).toMatch(/^Bearer /);
    expect(await new CallerVerifier(jwksOnly(), 'accept').callerOf(authorization)).toEqual(caller);
  });

  it('open no change feed, and neither a service token nor another token signed with the service secret is a caller', async () => {
    const authorization = (await webhookAuthorization(caller, jwksOnly())) as string;
    const key = { secret: SERVICE_SECRET, issuer: DEFAULT_JWT_ISSUER, clockToleranceSec: 5 };
    expect(await serviceTokenProblem(key, authorization)).toBe('the service token is not valid');
    const verifier = new CallerVerifier(jwksOnly(), 'accept');
    await expect(verifier.callerOf(`Bearer ${await signServiceToken(key)}`)).rejects.toThrow(/aud claim/);
    const plain = await signToken({ sub: 'forged', role: 'exchange' }, { secret: SERVICE_SECRET, issuer: DEFAULT_JWT_ISSUER, audience: DEFAULT_JWT_AUDIENCE, expiresInSec: 600 });
    await expect(verifier.callerOf(`Bearer ${plain}`)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('are not accepted where JWT_SECRET verifies callers (the gateway signs with JWT_SECRET there)', async () => {
    const delegated = await signToken({ sub: 'duty-app', role: 'app' }, { secret: SERVICE_SECRET, issuer: DEFAULT_JWT_ISSUER, audience: DELEGATED_AUDIENCE, expiresInSec: 600 });
    const withSecret = new CallerVerifier(loadAuthOptions({ JWT_SECRET: TEST_JWT_SECRET, JWT_JWKS_FILE: jwksFile, SERVICE_TOKEN_SECRET: SERVICE_SECRET }), 'accept');
    await expect(withSecret.callerOf(`Bearer ${delegated}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    const own = (await webhookAuthorization(caller, loadAuthOptions({ JWT_SECRET: TEST_JWT_SECRET }))) as string;
    expect(await withSecret.callerOf(own)).toEqual(caller);
  });

  it('are refused where the verifier is a public endpoint\'s (the gateway\'s), naming why, and only once they verify', async () => {
    const authorization = (await webhookAuthorization(caller, jwksOnly())) as string;
    const gateway = new CallerVerifier(jwksOnly(), 'refuse');
    await expect(gateway.callerOf(authorization)).rejects.toThrow(DELEGATED_TOKEN_REFUSED);
    await expect(gateway.callerOf(authorization)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(new CallerVerifier(jwksOnly()).delegatedTokens).toBe('refuse');
    const forged = await signToken({ sub: 'duty-app', role: 'app' }, { secret: 'another-secret-0123456789abcdef-0123456789', issuer: DEFAULT_JWT_ISSUER, audience: DELEGATED_AUDIENCE, expiresInSec: 600 });
    await expect(gateway.callerOf(`Bearer ${forged}`)).rejects.toThrow('the token\'s signature is invalid');
  });
});
