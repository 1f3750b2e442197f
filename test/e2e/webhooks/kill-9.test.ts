import Redis from 'ioredis';
import { WebhookAllowList } from '../../../schema/webhooks/allow-list';
import { RedisWebhookStore } from '../../../schema/webhooks/redis-store';
import { registerWebhook } from '../../../schema/webhooks/register';
import { PROVINCE_CODES } from '../../../schema/model';
import type { Federation } from '../../support/federation';
import { buildForProcesses, gatewayEnvOf, removeBuild, startGatewayProcesses, stopGatewayProcesses, type GatewayProcess } from '../../support/gateway-processes';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { alertOf, elapse, feedMark, quietPeriod, startPushFederation, touch, WARNING_CHANGES } from '../subscriptions/harness';
import { app, webhookEnv, WEBHOOK_SECRET } from './harness';
import { eventStreamKey } from '../../../gateway/subscriptions/redis-event-bus';

/**
 * A gateway process delivering a subscription webhook is killed with SIGKILL in the middle of a
 * run of changes; a second gateway process on the same Redis takes the webhook over (its stream
 * from the cursor, its queued deliveries once their claims lapse, and the province feeds from
 * where the killed one had read them: the changes made while nobody polled are not lost). Every event of the stream
 * after the first one delivered reaches the receiver, each under one webhook-id; a delivery the
 * killed process had sent but not yet marked done may be sent again under the same webhook-id
 * (at least once, as Standard Webhooks says; receivers deduplicate by webhook-id), nothing else.
 */

jest.setTimeout(300_000);

const PREFIX = 'killtest:webhooks:';
const PATH = '/kill';
const CHANGES = 16;

let redis: RedisServerHandle;
let fed: Federation;
let build: string;
const gateways: GatewayProcess[] = [];
const receiver = new WebhookReceiver();

beforeAll(async () => {
  redis = await startRedisServer();
  await receiver.start();
  build = await buildForProcesses('webhook-kill');
  fed = await startPushFederation({ redisUrl: redis.url });
});
afterAll(async () => {
  await stopGatewayProcesses(gateways);
  await fed?.close();
  await receiver.close();
  await redis?.stop();
  if (build) removeBuild(build);
});

/** The event id a delivery names (webhook-id is msg_<webhook>_<event id>). */
const eventIdOf = (webhookId: unknown): string => String(webhookId).split('_').pop() as string;

describe('webhooks: a delivering gateway killed with SIGKILL', () => {
  it('delivers every event of the stream to the receiver under one webhook-id each, none lost, after the second gateway takes over', async () => {
    const env = gatewayEnvOf(fed, {
      ...webhookEnv(receiver, '/nonexistent/unused-with-redis.json'),
      REDIS_URL: redis.url,
      CACHE_KEY_PREFIX: fed.gatewayConfig.caching.keyPrefix,
      WEBHOOK_REDIS_PREFIX: PREFIX,
      WEBHOOK_MAX_ATTEMPTS: '10',
      SUBSCRIPTION_POLL_MS: '100',
      GRAPHIQL: 'false',
    });
    const [first] = await startGatewayProcesses(build, 1, env);
    gateways.push(first);
    receiver.script(PATH, [{ status: 200 }], WEBHOOK_SECRET);
    const mark = await feedMark(first);
    const store = new RedisWebhookStore(redis.url, PREFIX);
    await registerWebhook(store, new WebhookAllowList([receiver.origin]), {
      url: `${receiver.origin}${PATH}`,
      secret: WEBHOOK_SECRET,
      source: { kind: 'subscription', document: WARNING_CHANGES, variables: {}, operationName: null, caller: app('kill-9') },
      createdBy: 'test',
    });
    await store.close();
    // The first gateway holds the webhook's stream; the second starts beside it.
    await mark.positionsTaken(1);
    const [second] = await startGatewayProcesses(build, 1, env);
    gateways.push(second);

    const warm = alertOf(fed, 'SH', 0);
    await touch(fed, 'SH', warm.sourceId, { headline: 'before the kill' });
    const [firstDelivery] = await receiver.count(PATH, 1, 30_000);
    expect(firstDelivery).toBeDefined();
    const fromId = eventIdOf(firstDelivery.headers['webhook-id']);

    let killedAt = 0;
    for (let i = 0; i < CHANGES; i++) {
      const province = PROVINCE_CODES[i % PROVINCE_CODES.length];
      const record = alertOf(fed, province, 1 + Math.floor(i / PROVINCE_CODES.length));
      await touch(fed, province, record.sourceId, { headline: `change ${i}` });
      await elapse(250);
      if (i === CHANGES / 2 - 1) {
        killedAt = Date.now();
        first.child.kill('SIGKILL');
      }
    }

    // What the gateways' shared stream holds after the first delivered event: all of it must arrive.
    const client = new Redis(redis.url);
    const streamKey = eventStreamKey(fed.gatewayConfig.caching.keyPrefix, 'warnings');
    let expected: string[] = [];
    const delivered = (): Set<string> => new Set(receiver.at(PATH).filter((r) => r.verified !== null).map((r) => eventIdOf(r.headers['webhook-id'])));
    const headlinesDelivered = (): Set<string> => new Set(receiver.at(PATH).map((r) => (r.verified as { data: { warningChanges: { warning: { headline: string } } } } | null)?.data.warningChanges.warning.headline ?? ''));
    const until = Date.now() + 60_000;
    for (;;) {
      expected = ((await client.xrange(streamKey, `(${fromId}`, '+')) as [string, string[]][]).map(([id]) => id);
      const got = delivered();
      const headlines = headlinesDelivered();
      const allChanges = Array.from({ length: CHANGES }, (_, i) => `change ${i}`).every((h) => headlines.has(h));
      if ((allChanges && expected.every((id) => got.has(id))) || Date.now() > until) break;
      await elapse(200);
    }
    // Nothing delivered twice after the last.
    await quietPeriod(1500);
    client.disconnect();

    const requests = receiver.at(PATH);
    expect(requests.every((r) => r.verified !== null)).toBe(true);
    const ids = requests.map((r) => String(r.headers['webhook-id']));
    const events = [...new Set(ids.map(eventIdOf))].filter((id) => id !== fromId).sort();
    expect(events).toEqual([...expected].sort());
    // Every touched warning is among them, after the kill as before it.
    const headlines = headlinesDelivered();
    expect(Array.from({ length: CHANGES }, (_, i) => `change ${i}`).filter((h) => !headlines.has(h))).toEqual([]);
    // One webhook-id per event; a repeat only of one the killed gateway had sent before it died.
    expect(new Set(ids).size).toBe(new Set(ids.map(eventIdOf)).size);
    const repeats = ids.filter((id, i) => ids.indexOf(id) !== i);
    for (const id of repeats) {
      const firstArrival = requests.find((r) => String(r.headers['webhook-id']) === id);
      expect([id, (firstArrival?.at ?? Infinity) <= killedAt]).toEqual([id, true]);
    }
    expect(repeats.length).toBeLessThanOrEqual(16);
    expect(first.child.signalCode).toBe('SIGKILL');
  });
});
