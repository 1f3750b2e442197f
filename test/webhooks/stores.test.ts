import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { FileWebhookStore } from '../../schema/webhooks/file-store';
import { RedisWebhookStore } from '../../schema/webhooks/redis-store';
import type { WebhookStore } from '../../schema/webhooks/store';
import type { Delivery, WebhookRegistration } from '../../schema/webhooks/types';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';

const webhook = (id: string): WebhookRegistration => ({ id, url: 'http://127.0.0.1:1/x', secret: 'whsec_x', source: { kind: 'registry' }, createdAt: new Date().toISOString(), createdBy: 't' });
const delivery = (id: string, webhookId = 'wh_1'): Delivery => ({ id, webhookId, type: 't', body: '{}', attempts: 0, createdAt: new Date().toISOString(), lastError: null });

let redis: RedisServerHandle;
let cluster: RedisClusterHandle;
const file = path.join(os.tmpdir(), `webhook-store-${process.pid}.json`);
beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), cluster?.stop()]);
  await rm(file, { force: true });
});

describe.each([
  ['file', () => new FileWebhookStore(file)],
  ['Redis', (prefix: string) => new RedisWebhookStore(redis.url, prefix)],
  ['Redis Cluster', (prefix: string) => new RedisWebhookStore(cluster.url, prefix)],
])('the %s webhook store', (_, open: (prefix: string) => WebhookStore) => {
  let a: WebhookStore;
  let b: WebhookStore;
  beforeEach(async () => {
    await rm(file, { force: true });
    // Two stores on one file or one prefix, as two gateways have.
    const prefix = `t${Math.random().toString(36).slice(2)}:`;
    a = open(prefix);
    b = open(prefix);
    await a.add(webhook('wh_1'));
  });
  afterEach(async () => {
    await a.close();
    if (b !== a) await b.close();
  });

  it('queues a delivery id once, however often it is enqueued', async () => {
    expect(await a.enqueue(delivery('m1'))).toBe(true);
    expect(await b.enqueue(delivery('m1'))).toBe(false);
    await a.delivered('m1');
    expect(await b.enqueue(delivery('m1'))).toBe(false);
  });

  it('hands a due delivery to one claimer until its lease ends', async () => {
    await a.enqueue(delivery('m2'));
    const now = Date.now() + 10;
    expect((await a.claim(now, 1000, 10)).map((d) => d.id)).toEqual(['m2']);
    expect(await b.claim(now + 500, 1000, 10)).toEqual([]);
    expect((await b.claim(now + 1001, 1000, 10)).map((d) => d.id)).toEqual(['m2']);
  });

  it('retries at the time given, dead-letters, and replays a dead letter with its attempts counted afresh', async () => {
    await a.enqueue(delivery('m3'));
    const [claimed] = await a.claim(Date.now() + 10, 1000, 10);
    await a.retryAt({ ...claimed, attempts: 1, lastError: 'HTTP 500' }, Date.now() + 60_000);
    expect(await b.claim(Date.now() + 10, 1000, 10)).toEqual([]);
    await a.deadLetter({ ...claimed, attempts: 3, lastError: 'HTTP 500' }, new Date());
    expect(await b.deadLetters('wh_1')).toEqual([expect.objectContaining({ id: 'm3', attempts: 3, lastError: 'HTTP 500' })]);
    expect(await b.replay('m3')).toMatchObject({ id: 'm3', attempts: 0 });
    expect(await a.replay('m3')).toBeNull();
    expect((await a.claim(Date.now() + 10, 1000, 10)).map((d) => d.id)).toEqual(['m3']);
    expect(await a.deadLetters()).toEqual([]);
  });

  it('moves a cursor forward only, and holds a lease for one owner at a time', async () => {
    await a.advanceCursor('wh_1', '1000-1');
    await b.advanceCursor('wh_1', '999-5');
    await b.advanceCursor('wh_1', '1000-0');
    expect(await a.cursor('wh_1')).toBe('1000-1');
    await b.advanceCursor('wh_1', '1000-2');
    expect(await a.cursor('wh_1')).toBe('1000-2');
    expect(await a.lease('stream:wh_1', 'g1', 5000)).toBe(true);
    expect(await b.lease('stream:wh_1', 'g2', 5000)).toBe(false);
    expect(await a.lease('stream:wh_1', 'g1', 5000)).toBe(true);
    await a.release('stream:wh_1', 'g1');
    expect(await b.lease('stream:wh_1', 'g2', 5000)).toBe(true);
  });

  it('removes a webhook with its queued deliveries, keeping its dead letters readable', async () => {
    await a.enqueue(delivery('m4'));
    await a.enqueue(delivery('m5'));
    const [first] = await a.claim(Date.now() + 10, 1000, 1);
    await a.deadLetter({ ...first, attempts: 3 }, new Date());
    expect(await b.remove('wh_1')).toBe(true);
    expect(await a.remove('wh_1')).toBe(false);
    expect(await a.list()).toEqual([]);
    expect(await a.claim(Date.now() + 5000, 1000, 10)).toEqual([]);
    expect(await a.deadLetters('wh_1')).toHaveLength(1);
    expect(await a.cursor('wh_1')).toBeNull();
  });
});
