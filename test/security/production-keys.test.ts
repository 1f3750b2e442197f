import { loadGatewayConfig } from '../../gateway/config';
import { loadLauncherConfig } from '../../launcher/config';
import { problemsOf } from '../support/config-problems';
import { TEST_JWT_SECRET } from '../support/tokens';

/**
 * Production mode (NODE_ENV=production) never runs on a generated or missing secret: without a key
 * the gateway and `npm start` refuse to start, naming JWT_SECRET, unless anonymous-only is
 * configured explicitly (ANONYMOUS_ONLY=true).
 */

describe('token keys in production', () => {
  it.each([
    ['the gateway', (env: Record<string, string>) => loadGatewayConfig(env)],
    ['npm start', (env: Record<string, string>) => loadLauncherConfig(env)],
  ])('%s refuses to start without JWT_SECRET (or a JWKS) with an error naming the variable', (_, load) => {
    const problems = problemsOf(() => load({ NODE_ENV: 'production' }));
    expect(problems).toEqual([{ variable: 'JWT_SECRET', reason: expect.stringContaining('required in production') }]);
    expect(problems[0].reason).toContain('ANONYMOUS_ONLY=true');
    expect(problemsOf(() => load({ NODE_ENV: 'production', JWT_SECRET: '' }))).toHaveLength(1);
  });

  it('starts with a secret, a JWKS (with the service secret, test/security/jwks-only.test.ts), or ANONYMOUS_ONLY=true said explicitly', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET }).security.production).toBe(true);
    expect(loadGatewayConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json', SERVICE_TOKEN_SECRET: TEST_JWT_SECRET }).security.auth.jwksUrl).toBe('http://127.0.0.1:9/jwks.json');
    const anonymousOnly = loadGatewayConfig({ NODE_ENV: 'production', ANONYMOUS_ONLY: 'true' });
    expect(anonymousOnly.security.auth).toMatchObject({ secret: null, jwksFile: null, jwksUrl: null, allowAnonymous: true });
  });

  it('refuses ANONYMOUS_ONLY=true together with a key or with ALLOW_ANONYMOUS=false', () => {
    expect(problemsOf(() => loadGatewayConfig({ ANONYMOUS_ONLY: 'true', JWT_SECRET: TEST_JWT_SECRET })).map((p) => p.variable)).toEqual(['ANONYMOUS_ONLY']);
    expect(problemsOf(() => loadGatewayConfig({ ANONYMOUS_ONLY: 'true', ALLOW_ANONYMOUS: 'false' })).map((p) => p.variable)).toEqual(['ANONYMOUS_ONLY']);
  });

  it('npm start generates development tokens only outside production, and only without a key', () => {
    expect(loadLauncherConfig({}).devTokens).toEqual({ issuer: 'yrd-federation', audience: 'yrd-gateway' });
    expect(loadLauncherConfig({ JWT_SECRET: TEST_JWT_SECRET }).devTokens).toBeNull();
    expect(loadLauncherConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET }).devTokens).toBeNull();
    expect(loadLauncherConfig({ NODE_ENV: 'production', ANONYMOUS_ONLY: 'true' }).devTokens).toBeNull();
  });

  it('the gateway presets no development token in GraphiQL in production', () => {
    const tokens = 'exchange=aaa.bbb.ccc;province JS=ddd.eee.fff';
    expect(loadGatewayConfig({ GRAPHIQL_TOKENS: tokens }).graphiqlTokens).toEqual([
      { name: 'exchange', token: 'aaa.bbb.ccc' },
      { name: 'province JS', token: 'ddd.eee.fff' },
    ]);
    expect(loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, GRAPHIQL_TOKENS: tokens }).graphiqlTokens).toEqual([]);
  });
});
