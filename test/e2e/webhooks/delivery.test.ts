import type { Federation } from '../../support/federation';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { WebhookAllowList } from '../../../schema/webhooks/allow-list';
import { registerWebhook } from '../../../schema/webhooks/register';
import { alertOf, startPushFederation, touch, WARNING_CHANGES } from '../subscriptions/harness';
import { app, removeFile, subscribeWebhook, webhookEnv, webhookFile, WEBHOOK_SECRET } from './harness';

let fed: Federation;
const receiver = new WebhookReceiver();
const file = webhookFile();

beforeAll(async () => {
  await receiver.start();
  fed = await startPushFederation({ gatewayEnv: webhookEnv(receiver, file) });
});
afterAll(async () => {
  await fed?.close();
  await receiver.close();
  await removeFile(file);
});

interface WarningPayload {
  type: string;
  data: { warningChanges: { id: string; kind: string; warning: { id: string; headline: string } } };
}

describe('webhooks fed by a subscription document', () => {
  it('retries a target that fails (HTTP 500, then no answer) with the same webhook-id, and the third attempt delivers a body signed per Standard Webhooks', async () => {
    const target = alertOf(fed, 'SH', 1);
    receiver.script('/retry', [{ status: 500 }, 'hang', { status: 204 }], WEBHOOK_SECRET);
    const webhook = await subscribeWebhook(fed, `${receiver.origin}/retry`, WARNING_CHANGES, { filter: { provinces: ['SH'] } }, app('duty-sh'), WEBHOOK_SECRET);
    await touch(fed, 'SH', target.sourceId, { headline: 'retried until delivered' });
    const attempts = await receiver.count('/retry', 3);
    expect(attempts.map((a) => a.reply)).toEqual([{ status: 500 }, 'hang', { status: 204 }]);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(attempts[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    for (const a of attempts) expect(a.verified).not.toBeNull();
    const body = attempts[2].verified as WarningPayload;
    expect(body.type).toBe('warningChanges');
    expect(body.data.warningChanges).toMatchObject({ kind: 'UPDATED', warning: { id: target.id, headline: 'retried until delivered' } });
    // Each attempt is signed afresh, over the same bytes.
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.at('/retry')).toHaveLength(3);
    expect(await fed.gateway.webhooks.store.deadLetters(webhook.id)).toEqual([]);
    await fed.gateway.webhooks.store.remove(webhook.id);
  });

  it('makes a dead letter of a delivery after the last attempt, lists it, and delivers it again on replay', async () => {
    const target = alertOf(fed, 'JS', 1);
    receiver.script('/dead', [{ status: 503 }], WEBHOOK_SECRET);
    const webhook = await subscribeWebhook(fed, `${receiver.origin}/dead`, WARNING_CHANGES, { filter: { provinces: ['JS'] } }, app('duty-js'), WEBHOOK_SECRET);
    await touch(fed, 'JS', target.sourceId, { headline: 'dead, then replayed' });
    await receiver.count('/dead', 3);
    let dead = await fed.gateway.webhooks.store.deadLetters(webhook.id);
    for (const until = Date.now() + 5000; dead.length === 0 && Date.now() < until; dead = await fed.gateway.webhooks.store.deadLetters(webhook.id)) await new Promise((r) => setTimeout(r, 50));
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ webhookId: webhook.id, attempts: 3, lastError: 'HTTP 503' });
    expect(receiver.at('/dead')).toHaveLength(3);
    receiver.script('/dead', [{ status: 200 }], WEBHOOK_SECRET);
    expect(await fed.gateway.webhooks.store.replay(dead[0].id)).toMatchObject({ id: dead[0].id, attempts: 0 });
    const all = await receiver.count('/dead', 4);
    expect(all[3].reply).toEqual({ status: 200 });
    expect(all[3].headers['webhook-id']).toBe(dead[0].id);
    expect((all[3].verified as WarningPayload).data.warningChanges.warning).toMatchObject({ id: target.id, headline: 'dead, then replayed' });
    expect(await fed.gateway.webhooks.store.deadLetters(webhook.id)).toEqual([]);
    await fed.gateway.webhooks.store.remove(webhook.id);
  });

  it('refuses to register a target off the allow-list, and at delivery refuses a listed name that resolves to loopback and a redirect elsewhere', async () => {
    const allowList = new WebhookAllowList(fed.gatewayConfig.webhooks.delivery.allowedTargets);
    const source = { kind: 'subscription' as const, document: WARNING_CHANGES, variables: {}, operationName: null, caller: app('nobody') };
    for (const url of [`http://127.0.0.2:${receiver.port}/x`, `http://127.0.0.1:${receiver.port + 1}/x`, 'http://169.254.169.254/latest/meta-data', `https://127.0.0.1:${receiver.port}/x`]) {
      await expect(registerWebhook(fed.gateway.webhooks.store, allowList, { url, source, createdBy: 'test' })).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_NOT_ALLOWED' });
    }
    const target = alertOf(fed, 'ZJ', 1);
    receiver.script('/by-name', [{ status: 200 }], WEBHOOK_SECRET);
    receiver.script('/redirect', [{ status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data' } }], WEBHOOK_SECRET);
    const byName = await subscribeWebhook(fed, `http://localhost:${receiver.port}/by-name`, WARNING_CHANGES, { filter: { provinces: ['ZJ'] } }, app('name'), WEBHOOK_SECRET);
    const redirect = await subscribeWebhook(fed, `${receiver.origin}/redirect`, WARNING_CHANGES, { filter: { provinces: ['ZJ'] } }, app('redirect'), WEBHOOK_SECRET);
    await touch(fed, 'ZJ', target.sourceId, { headline: 'not to be sent anywhere else' });
    await receiver.count('/redirect', 3);
    let dead = await fed.gateway.webhooks.store.deadLetters();
    for (const until = Date.now() + 5000; dead.filter((d) => [byName.id, redirect.id].includes(d.webhookId)).length < 2 && Date.now() < until; dead = await fed.gateway.webhooks.store.deadLetters()) await new Promise((r) => setTimeout(r, 50));
    const named = dead.find((d) => d.webhookId === byName.id);
    expect(named).toMatchObject({ attempts: 1 });
    expect(named?.lastError).toMatch(/localhost resolves to 127\.0\.0\.1/);
    expect(receiver.at('/by-name')).toEqual([]);
    expect(dead.find((d) => d.webhookId === redirect.id)).toMatchObject({ attempts: 3, lastError: 'HTTP 307 (redirects are not followed)' });
    expect(receiver.at('/redirect')).toHaveLength(3);
  });
});
