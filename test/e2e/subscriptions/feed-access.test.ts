import { SignJWT } from 'jose';
import { DEFAULT_JWT_ISSUER } from '../../../schema/caller';
import { PROVINCE_CODES } from '../../../schema/model';
import { CHANGE_FEED_PATH, WAYBILL_FEED_PATH } from '../../../schema/push/feed';
import { SERVICE_AUDIENCE, SERVICE_SUBJECT, signServiceToken } from '../../../schema/service-token';
import type { Federation } from '../../support/federation';
import { TEST_JWT_SECRET } from '../../support/tokens';
import { alertOf, feedMark, subscribeWs, touch, WARNING_CHANGES, withPushFederation, wsClient } from './harness';

/**
 * The province subgraphs' change feeds answer the gateway alone: a request needs the gateway's
 * short-lived service token (its own audience, signed with the deployment's secret). Without it,
 * or with any caller's token, the feed is refused, even where anonymous callers may query.
 */

let fed: Federation;
withPushFederation({}, (started) => (fed = started));

const SERVICE_KEY = { secret: TEST_JWT_SECRET, issuer: DEFAULT_JWT_ISSUER, clockToleranceSec: 5 };

async function serviceLike(secret: string, iat: number, exp: number): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(SERVICE_SUBJECT).setIssuer(DEFAULT_JWT_ISSUER).setAudience(SERVICE_AUDIENCE).setIssuedAt(iat).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
}

async function feedStatus(url: string, authorization?: string): Promise<number> {
  const res = await fetch(url, { headers: authorization ? { authorization } : {} });
  await res.text();
  return res.status;
}

describe.each(PROVINCE_CODES)('the change feeds of %s', (province) => {
  const feeds = (): string[] => [CHANGE_FEED_PATH, WAYBILL_FEED_PATH].map((path) => `${new URL(path, fed.provinceUrls[province])}?after=now`);

  test('refuse a request without a token, though this deployment lets anonymous callers query', async () => {
    expect(fed.gatewayConfig.security.auth.allowAnonymous).toBe(true);
    for (const url of feeds()) expect(await feedStatus(url)).toBe(401);
  });

  test("refuse every caller's token, whatever its role", async () => {
    const tokens = [
      await fed.token({ sub: 'an-app', role: 'app' }),
      await fed.token({ sub: 'the-exchange', role: 'exchange', catalog: ['HAZMAT_DETAIL'] }),
      await fed.token({ sub: 'an-auditor', role: 'auditor' }),
      await fed.token({ sub: `province-${province}`, role: 'province', province }),
    ];
    for (const url of feeds()) for (const token of tokens) expect(await feedStatus(url, `Bearer ${token}`)).toBe(401);
  });

  test('refuse a service token signed with another secret, expired, or living longer than a service token may', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      await serviceLike('not-the-deployment-secret-0123456789abcdef', now, now + 60),
      await serviceLike(TEST_JWT_SECRET, now - 120, now - 60),
      await serviceLike(TEST_JWT_SECRET, now, now + 3600),
    ];
    for (const url of feeds()) for (const token of bad) expect(await feedStatus(url, `Bearer ${token}`)).toBe(401);
  });

  test("answer the gateway's service token", async () => {
    const token = await signServiceToken(SERVICE_KEY);
    for (const url of feeds()) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(Object.keys((await res.json()) as object).sort()).toEqual(['entries', 'epoch', 'seq', 'unavailable']);
    }
  });
});

test('a service token is no caller: the gateway and the subgraphs refuse it at /graphql', async () => {
  const authorization = `Bearer ${await signServiceToken(SERVICE_KEY)}`;
  const atGateway = await fed.query('{ warnings(first: 1) { totalCount } }', undefined, { authorization });
  expect([atGateway.status, atGateway.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  const res = await fetch(fed.provinceUrls.SH, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ warnings(first: 1) { totalCount } }' }) });
  expect(res.status).toBe(401);
});

test('an anonymous subscriber still receives changes: the gateway reads the feeds with its own credential', async () => {
  const target = alertOf(fed, 'ZJ', 2);
  const mark = await feedMark(fed);
  const got = subscribeWs(wsClient(fed), WARNING_CHANGES, { filter: { provinces: ['ZJ'] } });
  await mark.positionsTaken([got]);
  await touch(fed, 'ZJ', target.sourceId, { headline: 'read with the service token' });
  const [event] = await got.count(1);
  expect((event?.data as { warningChanges: { warning: { headline: string } } } | undefined)?.warningChanges.warning.headline).toBe('read with the service token');
  got.dispose();
});
