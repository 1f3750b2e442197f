import { startGateway, type RunningGateway } from '../../../gateway/server';
import type { Federation } from '../../support/federation';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { WebhookReceiver } from '../../support/webhook-receiver';
import type { WebhookRegistration } from '../../../schema/webhooks/types';
import { alertOf, feedMark, quietPeriod, startPushFederation, touch, waitFor, WARNING_CHANGES } from '../subscriptions/harness';
import { app, subscribeWebhook, webhookEnv, WEBHOOK_SECRET } from './harness';

let redis: RedisServerHandle;
let fed: Federation;
let second: RunningGateway | null = null;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  redis = await startRedisServer();
  await receiver.start();
  fed = await startPushFederation({ redisUrl: redis.url, gatewayEnv: webhookEnv(receiver, '/nonexistent/unused-with-redis.json') });
});
afterAll(async () => {
  await second?.close();
  await fed?.close();
  await receiver.close();
  await redis?.stop();
});

const idsAt = (path: string): string[] => receiver.at(path).map((r) => String(r.headers['webhook-id']));
const warningOf = (path: string): string[] => receiver.at(path).filter((r) => r.reply !== 'hang' && (r.reply as { status: number }).status === 200).map((r) => (r.verified as { data: { warningChanges: { warning: { id: string } } } }).data.warningChanges.warning.id);

describe('webhooks with two gateways on one Redis', () => {
  it('delivers each event once to each webhook, whichever gateway feeds it or sends it, and goes on from the cursor when a gateway stops', async () => {
    second = await startGateway(fed.gatewayConfig);
    const gateways = [fed.gateway, second];
    const paths = ['/a', '/b', '/c', '/d'];
    // /b fails once per event (the retry may be sent by either gateway); /c is slow but in time.
    receiver.script('/a', [{ status: 200 }], WEBHOOK_SECRET);
    receiver.script('/b', [{ status: 500 }, { status: 200 }, { status: 500 }, { status: 200 }, { status: 500 }, { status: 200 }], WEBHOOK_SECRET);
    receiver.script('/c', [{ status: 200 }], WEBHOOK_SECRET);
    receiver.script('/d', [{ status: 200 }], WEBHOOK_SECRET);
    const webhooks: WebhookRegistration[] = [];
    for (const p of paths) webhooks.push(await subscribeWebhook(fed, `${receiver.origin}${p}`, WARNING_CHANGES, { filter: { provinces: ['AH'] } }, app(`two${p.slice(1)}`), WEBHOOK_SECRET, gateways));
    const fedBy = (g: RunningGateway) => webhooks.filter((w) => g.webhooks.feeding().includes(w.id)).length;
    expect(fedBy(fed.gateway) + fedBy(second)).toBe(webhooks.length);
    const first = alertOf(fed, 'AH', 1);
    const next = alertOf(fed, 'AH', 2);
    await touch(fed, 'AH', first.sourceId, { headline: 'seen by both gateways' });
    for (const p of paths) await receiver.count(p, p === '/b' ? 2 : 1);
    // The gateway feeding most webhooks stops; the other takes them over from their cursors.
    const stopping = fedBy(second) > 0 ? second : fed.gateway;
    const staying = stopping === second ? fed.gateway : second;
    const takenOver = fedBy(stopping);
    const mark = await feedMark(staying);
    await stopping.close();
    if (stopping === second) second = null;
    await waitFor(() => fedBy(staying) >= webhooks.length, 10_000);
    expect(fedBy(staying)).toBe(webhooks.length);
    await mark.positionsTaken(takenOver);
    await touch(fed, 'AH', next.sourceId, { headline: 'after one gateway stopped' });
    for (const p of paths) await receiver.count(p, p === '/b' ? 4 : 2);
    // Nothing delivered twice.
    await quietPeriod(1000);
    for (const p of paths) {
      expect([p, warningOf(p)]).toEqual([p, [first.id, next.id]]);
      const ids = idsAt(p);
      expect([p, new Set(ids).size]).toEqual([p, 2]);
      expect([p, ids.length]).toEqual([p, p === '/b' ? 4 : 2]);
    }
    for (const w of webhooks) expect(await staying.webhooks.store.deadLetters(w.id)).toEqual([]);
  });
});
