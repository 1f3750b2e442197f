import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { webhookAuthorization } from '../../../gateway/webhooks/webhook-caller';
import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, DELEGATED_TOKEN_REFUSED } from '../../../schema/caller';
import { provinceOfAdcode } from '../../../schema/geography';
import type { ProvinceCode, WaybillRecord } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { app, removeFile, subscribeWebhook, webhookEnv, webhookFile, WEBHOOK_SECRET } from '../webhooks/harness';
import { alertOf, disposeClients, feedMark, startPushFederation, subscribeWs, touch, TRIP_STATUS_FEED, WARNING_CHANGES, wsClient } from './harness';

/**
 * A deployment whose callers' tokens are verified by a JWKS alone (an identity provider's public
 * keys; no JWT_SECRET anywhere): the gateway reads the change feeds with its service secret
 * (SERVICE_TOKEN_SECRET), and acts for a webhook's registering caller with tokens it signs with
 * that secret, so live subscriptions and subscription webhooks both deliver, the webhook's under
 * its caller's catalog.
 */

const SERVICE_TOKEN_SECRET = 'service-only-secret-0123456789abcdef-0123456789';
let fed: Federation;
let jwks: http.Server;
let signingKey: CryptoKey;
const receiver = new WebhookReceiver();
const file = webhookFile();

async function idpToken(claims: Record<string, unknown>, sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setSubject(sub).setIssuer(DEFAULT_JWT_ISSUER).setAudience(DEFAULT_JWT_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 600).sign(signingKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  const document = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }] });
  jwks = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(document));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  await receiver.start();
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  fed = await startPushFederation({
    replicaMaxAgeMs: { warnings: 200, waybills: 200 },
    gatewayEnv: { JWT_SECRET: '', JWT_JWKS_URL: jwksUrl, SERVICE_TOKEN_SECRET, ...webhookEnv(receiver, file) },
  });
});

afterAll(async () => {
  await disposeClients();
  await fed?.close();
  await receiver.close();
  await removeFile(file);
  await new Promise((r) => jwks.close(r));
});

const TRIPS = `subscription Trips($filter: HazmatTransportFilter!) {
  hazmatTransportEvents(filter: $filter) { id kind province waybill { id goods { unNumber } crew { name } } }
}`;

interface TripPayload {
  data: { hazmatTransportEvents: { kind: string; waybill: { id: string; goods: unknown; crew: unknown } } } | null;
  errors?: { path?: string[]; extensions?: { code?: string; entry?: string } }[];
}

describe('a deployment that verifies callers by a JWKS alone, with SERVICE_TOKEN_SECRET', () => {
  it('has no JWT_SECRET anywhere: its callers present the identity provider\'s tokens', () => {
    expect(fed.gatewayConfig.security.auth).toMatchObject({ secret: null, serviceSecret: SERVICE_TOKEN_SECRET });
    expect(fed.gatewayConfig.security.auth.jwksUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jwks\.json$/);
  });

  it('delivers warningChanges over graphql-ws to a JWKS-verified caller, and a subscription webhook under its registering caller\'s catalog', async () => {
    const trip = fed.dataset.waybills.find((w) => w.status === 'PLANNED' && (w.crew?.length ?? 0) > 0 && w.destination.divisionCode && provinceOfAdcode(w.destination.divisionCode) !== w.province && !fed.dataset.bad.some((b) => b.record.sourceId === w.sourceId)) as WaybillRecord;
    const toward = provinceOfAdcode(trip.destination.divisionCode as string) as ProvinceCode;
    receiver.script('/trips', [{ status: 200 }], WEBHOOK_SECRET);
    await subscribeWebhook(fed, `${receiver.origin}/trips`, TRIPS, { filter: { toward } }, app('duty-app', ['HAZMAT_DETAIL']), WEBHOOK_SECRET, [fed.gateway], { feeds: TRIP_STATUS_FEED, provinces: [trip.province] });

    const alert = alertOf(fed, 'JS');
    const mark = await feedMark(fed);
    const live = subscribeWs(wsClient(fed, `Bearer ${await idpToken({ role: 'exchange', catalog: ['HAZMAT_DETAIL'] }, 'idp-exchange')}`), WARNING_CHANGES, { filter: { provinces: ['JS'] } });
    await mark.positionsTaken([live]);
    await touch(fed, 'JS', alert.sourceId, { headline: `${alert.headline} (updated)` });
    const res = await fetch(`${fed.sims[trip.province].url}/__sim/touch`, { method: 'POST', body: JSON.stringify({ collection: 'waybills', sourceId: trip.sourceId, patch: { status: 'IN_TRANSIT' } }) });
    expect(res.status).toBe(200);

    const [change] = await live.count(1, 20_000);
    expect(live.error).toBeNull();
    expect(change?.errors).toBeUndefined();
    const warning = (change?.data as { warningChanges: { kind: string; warning: { id: string; headline: string } } } | undefined)?.warningChanges;
    expect([warning?.kind, warning?.warning.id, warning?.warning.headline]).toEqual(['UPDATED', alert.id, `${alert.headline} (updated)`]);

    const [delivered] = await receiver.count('/trips', 1, 20_000);
    const body = delivered?.verified as TripPayload | undefined;
    const waybill = body?.data?.hazmatTransportEvents.waybill;
    expect([body?.data?.hazmatTransportEvents.kind, waybill?.id, waybill?.goods !== null, waybill?.crew]).toEqual(['DEPARTED_TOWARD', trip.id, true, null]);
    const forbidden = (body?.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => [e.path?.join('.'), e.extensions?.entry]);
    expect(forbidden).toEqual([['hazmatTransportEvents.waybill.crew', 'TRANSPORT_CREW']]);
  });

  it('refuses the gateway\'s own delegated-caller token at /graphql, over SSE and over graphql-ws, where the identity provider\'s token is served', async () => {
    const catalog = ['HAZMAT_DETAIL'] as const;
    const delegated = (await webhookAuthorization({ sub: 'duty-app', role: 'app', province: null, catalog }, fed.gatewayConfig.security.auth)) as string;
    const idp = `Bearer ${await idpToken({ role: 'app', catalog }, 'duty-app')}`;
    const query = JSON.stringify({ query: '{ warnings(first: 1) { totalCount } }' });
    const post = (authorization: string, accept = 'application/json') => fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization }, body: query });

    const served = await post(idp);
    expect(served.status).toBe(200);
    const atGraphql = await post(delegated);
    const graphqlBody = (await atGraphql.json()) as { errors?: { message: string; extensions: { code: string } }[] };
    expect([atGraphql.status, graphqlBody.errors?.[0]?.extensions.code, graphqlBody.errors?.[0]?.message]).toEqual([401, 'UNAUTHENTICATED', DELEGATED_TOKEN_REFUSED]);

    const overSse = await fetch(fed.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: delegated }, body: JSON.stringify({ query: WARNING_CHANGES, variables: {} }) });
    const sseBody = (await overSse.json()) as { errors?: { message: string; extensions: { code: string } }[] };
    expect([overSse.status, sseBody.errors?.[0]?.extensions.code, sseBody.errors?.[0]?.message]).toEqual([401, 'UNAUTHENTICATED', DELEGATED_TOKEN_REFUSED]);

    const refused = subscribeWs(wsClient(fed, delegated), WARNING_CHANGES);
    await refused.count(1, 3000);
    const closed = refused.error as { code?: number; reason?: string } | null;
    expect([refused.payloads.length, closed?.code]).toEqual([0, 4403]);
    // The close names the cause, clipped to the 123 bytes a close frame carries.
    expect(closed?.reason).toMatch(/^UNAUTHENTICATED: this endpoint does not accept the gateway's delegated-caller tokens/);
    const opened = await feedMark(fed);
    const admitted = subscribeWs(wsClient(fed, idp), WARNING_CHANGES);
    // A refusal ends the wait at once; the assertion below names it.
    await opened.positionsTaken([admitted]).catch(() => undefined);
    expect(admitted.error).toBeNull();
    admitted.dispose();
  });
});
