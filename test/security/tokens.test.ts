import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { CallerVerifier, DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, UnauthenticatedError } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
import { startFederation, type Federation } from '../support/federation';
import { TEST_AUTH_ENV, mintToken } from '../support/tokens';

/**
 * Rule 5: a token with a bad signature, the wrong issuer or audience, or an expired time is
 * refused with UNAUTHENTICATED (HTTP 401), never treated as anonymous; tokens signed with
 * RS256 / ES256 keys of a JWKS are accepted beside the HS256 secret.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'yrd-jwks-'));
const jwksFile = path.join(dir, 'jwks.json');
const keys: Record<'ES256' | 'RS256', { privateKey: CryptoKey; kid: string }> = {} as never;

async function signWith(alg: 'ES256' | 'RS256', claims: Record<string, unknown>, options: { issuer?: string; audience?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: keys[alg].kid })
    .setSubject('jwks-caller')
    .setIssuer(options.issuer ?? DEFAULT_JWT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_JWT_AUDIENCE)
    .setExpirationTime(now + 600)
    .sign(keys[alg].privateKey);
}

beforeAll(async () => {
  const jwks: { keys: Record<string, unknown>[] } = { keys: [] };
  for (const alg of ['ES256', 'RS256'] as const) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys[alg] = { privateKey: pair.privateKey, kid: `test-${alg}` };
    jwks.keys.push({ ...(await exportJWK(pair.publicKey)), kid: `test-${alg}`, alg, use: 'sig' });
  }
  writeFileSync(jwksFile, JSON.stringify(jwks));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CallerVerifier', () => {
  const verifier = () => new CallerVerifier(loadAuthOptions({ ...TEST_AUTH_ENV, JWT_JWKS_FILE: jwksFile }));

  it('reads role, province and catalog from a valid token, keeping only known entries', async () => {
    const token = await mintToken({ sub: 'sh-emb', role: 'province', province: 'SH', catalog: ['HAZMAT_DETAIL'] });
    expect(await verifier().callerOf(`Bearer ${token}`)).toEqual({ sub: 'sh-emb', role: 'province', province: 'SH', catalog: ['HAZMAT_DETAIL'] });
  });

  it('accepts the v1.1 entry TRANSPORT_CREW in the catalog claim', async () => {
    const token = await mintToken({ sub: 'exchange', role: 'exchange', catalog: ['TRANSPORT_CREW'] });
    expect(await verifier().callerOf(`Bearer ${token}`)).toEqual({ sub: 'exchange', role: 'exchange', province: null, catalog: ['TRANSPORT_CREW'] });
  });

  it('keeps a verified token only until it expires: a token it accepted is refused once expired', async () => {
    const strict = new CallerVerifier(loadAuthOptions({ ...TEST_AUTH_ENV, JWT_CLOCK_TOLERANCE_SEC: '0' }));
    // exp counts whole seconds from a clock that may be at .999: two seconds leave at least one to verify in.
    const token = await mintToken({ role: 'app' }, { expiresInSec: 2 });
    const caller = await strict.callerOf(`Bearer ${token}`);
    expect(await strict.callerOf(`Bearer ${token}`)).toEqual(caller);
    // 3.1 s later by the clock the verifier and jose read (Date), without waiting them out; timers and ticks stay real.
    jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: Date.now() + 3100 });
    try {
      await expect(strict.callerOf(`Bearer ${token}`)).rejects.toThrow(/exp/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never takes a forged token for one it verified: the whole token is the key', async () => {
    const v = verifier();
    const token = await mintToken({ role: 'exchange', catalog: ['HAZMAT_DETAIL'] });
    await v.callerOf(`Bearer ${token}`);
    const [header, payload] = token.split('.');
    await expect(v.callerOf(`Bearer ${header}.${payload}.${'A'.repeat(43)}`)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('accepts ES256 and RS256 tokens signed by a key of the JWKS file', async () => {
    for (const alg of ['ES256', 'RS256'] as const) {
      const token = await signWith(alg, { role: 'exchange', catalog: ['VEHICLE_TRACK', 'NOT_AN_ENTRY'] });
      expect(await verifier().callerOf(`Bearer ${token}`)).toEqual({ sub: 'jwks-caller', role: 'exchange', province: null, catalog: ['VEHICLE_TRACK'] });
    }
  });

  it('accepts keys from a JWKS URL', async () => {
    const server = http.createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(readFileSync(jwksFile));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const fromUrl = new CallerVerifier(loadAuthOptions({ JWT_JWKS_URL: url }));
      expect((await fromUrl.callerOf(`Bearer ${await signWith('ES256', { role: 'auditor' })}`)).role).toBe('auditor');
      await expect(fromUrl.callerOf(`Bearer ${await mintToken({ role: 'auditor' })}`)).rejects.toThrow(UnauthenticatedError);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses every token it cannot trust, naming why without echoing it', async () => {
    const v = verifier();
    const unsecured = new UnsecuredJWT({ role: 'auditor' }).setSubject('x').setIssuer(DEFAULT_JWT_ISSUER).setAudience(DEFAULT_JWT_AUDIENCE).setExpirationTime('1h').encode();
    const cases: [string, string | Promise<string>, RegExp][] = [
      ['forged signature', mintToken({ role: 'auditor' }, { secret: 'an-attacker-secret-of-at-least-32-bytes' }), /signature/],
      ['wrong issuer', mintToken({ role: 'auditor' }, { issuer: 'someone-else' }), /iss/],
      ['wrong audience', mintToken({ role: 'auditor' }, { audience: 'another-api' }), /aud/],
      ['expired', mintToken({ role: 'auditor' }, { expiresInSec: -120 }), /expired/],
      ['alg none', unsecured, /algorithm|malformed/],
      ['ES256 with an unknown key', (async () => {
        const stranger = await generateKeyPair('ES256');
        return new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'ES256', kid: 'test-ES256' }).setSubject('x').setIssuer(DEFAULT_JWT_ISSUER).setAudience(DEFAULT_JWT_AUDIENCE).setExpirationTime('1h').sign(stranger.privateKey);
      })(), /signature/],
      ['unknown role', mintToken({ role: 'superuser' as never }), /role/],
      ['province role without a province', mintToken({ role: 'province' }), /province/],
      ['not a JWT', 'not-a-jwt', /malformed/],
    ];
    for (const [name, token, reason] of cases) {
      const value = await token;
      const refused = await v.callerOf(`Bearer ${value}`).then(
        () => null,
        (e: unknown) => e,
      );
      expect([name, refused instanceof UnauthenticatedError]).toEqual([name, true]);
      expect([name, (refused as Error).message]).toEqual([name, expect.stringMatching(reason)]);
      expect((refused as Error).message).not.toContain(value);
    }
    await expect(v.callerOf('Basic dXNlcjpwYXNz')).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a secret too short to be safe, and tokens when it has no key at all', async () => {
    expect(() => new CallerVerifier(loadAuthOptions({ JWT_SECRET: 'short' }))).toThrow(/32 bytes/);
    const keyless = new CallerVerifier(loadAuthOptions({}));
    expect((await keyless.callerOf(undefined)).role).toBeNull();
    await expect(keyless.callerOf(`Bearer ${await mintToken({ role: 'auditor' })}`)).rejects.toThrow(UnauthenticatedError);
  });
});

describe('tokens at the gateway and at the subgraphs', () => {
  let fed: Federation;
  let closed: Federation | null = null;
  const query = '{ rescueBases(first: 1) { totalCount edges { node { id dutyPhone } } } }';
  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  beforeAll(async () => {
    fed = await startFederation({ gatewayEnv: { JWT_JWKS_FILE: jwksFile } });
  }, 60_000);
  afterAll(async () => {
    await fed?.close();
    await closed?.close();
  });

  it('answers 401 UNAUTHENTICATED, with no data, to a forged, expired or misaddressed token, at the gateway and at a province subgraph', async () => {
    const bad = {
      forged: await mintToken({ role: 'exchange', catalog: ['RESCUE_RESOURCES'] }, { secret: 'an-attacker-secret-of-at-least-32-bytes' }),
      'wrong issuer': await mintToken({ role: 'exchange' }, { issuer: 'evil' }),
      'wrong audience': await mintToken({ role: 'exchange' }, { audience: 'evil' }),
      expired: await mintToken({ role: 'exchange' }, { expiresInSec: -60 }),
      garbage: 'x.y.z',
    };
    for (const [name, token] of Object.entries(bad)) {
      for (const url of [fed.url, fed.provinceUrls.SH]) {
        const res = await post(url, { authorization: `Bearer ${token}` });
        const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        expect([name, url === fed.url ? 'gateway' : 'subgraph', res.status, body.errors?.[0]?.extensions?.code, body.data ?? null]).toEqual([name, url === fed.url ? 'gateway' : 'subgraph', 401, 'UNAUTHENTICATED', null]);
      }
    }
  });

  it('serves a valid HS256 or JWKS-signed token, and an anonymous caller unconditional data only', async () => {
    const hs = await post(fed.url, { authorization: `Bearer ${await mintToken({ role: 'app', catalog: ['RESCUE_RESOURCES'] })}` });
    const es = await post(fed.url, { authorization: `Bearer ${await signWith('ES256', { role: 'app', catalog: ['RESCUE_RESOURCES'] })}` });
    for (const res of [hs, es]) {
      const body = (await res.json()) as { data: { rescueBases: { edges: { node: { dutyPhone: string | null } }[] } }; errors?: { extensions?: { code?: string } }[] };
      expect(res.status).toBe(200);
      expect(body.data.rescueBases.edges[0].node.dutyPhone).toEqual(expect.any(String));
      expect((body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')).toEqual([]);
    }
    const anonymous = await post(fed.url, {});
    const body = (await anonymous.json()) as { data: { rescueBases: { totalCount: number; edges: { node: { dutyPhone: string | null } }[] } }; errors?: { extensions?: { code?: string; entry?: string } }[] };
    expect(anonymous.status).toBe(200);
    expect(body.data.rescueBases.totalCount).toBeGreaterThan(0);
    expect(body.data.rescueBases.edges[0].node.dutyPhone).toBeNull();
    expect(body.errors?.find((e) => e.extensions?.code === 'FORBIDDEN')?.extensions).toEqual({ code: 'FORBIDDEN', entry: 'RESCUE_RESOURCES' });
  });

  it('with ALLOW_ANONYMOUS=false, a request without a token is refused 401 at the gateway and at the subgraphs', async () => {
    closed = await startFederation({ gatewayEnv: { ALLOW_ANONYMOUS: 'false' } });
    for (const url of [closed.url, closed.provinceUrls.JS]) {
      const res = await post(url, {});
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const ok = await post(closed.url, { authorization: `Bearer ${await mintToken({ role: 'app' })}` });
    expect(ok.status).toBe(200);
  }, 60_000);
});
