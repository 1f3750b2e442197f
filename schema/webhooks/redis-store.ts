import type { Cluster, default as Redis } from 'ioredis';
import { closeRedis, connectRedis, parseRedisUrl } from '../cache/redis-connection';
import { SEEN_MS, type WebhookStore } from './store';
import type { DeadLetter, Delivery, WebhookRegistration } from './types';

/** Leases every due delivery it returns, in one step: two gateways never claim the same one. */
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
if #ids == 0 then return {} end
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return redis.call('HMGET', KEYS[2], unpack(ids))`;

const ENQUEUE = `
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[3]) then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  return 1
end
return 0`;

/** Only while still queued: a delivery removed with its webhook is not brought back by a late retry. */
const RETRY = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
return 0`;

const ADVANCE = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local cm, cn = string.match(current, '(%d+)-(%d+)')
  local nm, nn = string.match(ARGV[2], '(%d+)-(%d+)')
  if tonumber(nm) < tonumber(cm) or (tonumber(nm) == tonumber(cm) and tonumber(nn) <= tonumber(cn)) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

const LEASE = `
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

/** The store in Redis, every key under one hash tag (one slot in a cluster), so that each step is one atomic script. */
export class RedisWebhookStore implements WebhookStore {
  private readonly redis: Redis | Cluster;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = connectRedis(parseRedisUrl(url), { commandTimeoutMs: 3000 });
  }

  /** Commands fail at once while disconnected (no offline queue): the client once it is ready (or has given up for now). */
  private async client(): Promise<Redis | Cluster> {
    if (this.redis.status !== 'ready') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        this.redis.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.redis;
  }

  private key(name: string): string {
    return `${this.prefix}{webhooks}:${name}`;
  }

  async add(registration: WebhookRegistration): Promise<void> {
    const redis = await this.client();
    await redis.hset(this.key('registrations'), registration.id, JSON.stringify(registration));
  }

  async list(): Promise<WebhookRegistration[]> {
    const redis = await this.client();
    const all = await redis.hvals(this.key('registrations'));
    return all.map((r) => JSON.parse(r) as WebhookRegistration).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<WebhookRegistration | null> {
    const redis = await this.client();
    const r = await redis.hget(this.key('registrations'), id);
    return r ? (JSON.parse(r) as WebhookRegistration) : null;
  }

  async remove(id: string): Promise<boolean> {
    const redis = await this.client();
    const removed = await redis.hdel(this.key('registrations'), id);
    await redis.hdel(this.key('cursors'), id);
    const queued = (await redis.hvals(this.key('deliveries'))).map((d) => JSON.parse(d) as Delivery).filter((d) => d.webhookId === id);
    for (const d of queued) {
      await redis.zrem(this.key('queue'), d.id);
      await redis.hdel(this.key('deliveries'), d.id);
    }
    return removed > 0;
  }

  async enqueue(delivery: Delivery): Promise<boolean> {
    const redis = await this.client();
    const added = await redis.eval(ENQUEUE, 3, this.key('queue'), this.key('deliveries'), this.key(`seen:${delivery.id}`), delivery.id, JSON.stringify(delivery), String(SEEN_MS), String(Date.now()));
    return added === 1;
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    const redis = await this.client();
    const rows = (await redis.eval(CLAIM, 2, this.key('queue'), this.key('deliveries'), String(now), String(now + leaseMs), String(limit))) as (string | null)[];
    return rows.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Delivery);
  }

  async delivered(id: string): Promise<void> {
    const redis = await this.client();
    await redis.zrem(this.key('queue'), id);
    await redis.hdel(this.key('deliveries'), id);
  }

  async retryAt(delivery: Delivery, at: number): Promise<void> {
    const redis = await this.client();
    await redis.eval(RETRY, 2, this.key('queue'), this.key('deliveries'), delivery.id, JSON.stringify(delivery), String(at));
  }

  async deadLetter(delivery: Delivery, at: Date): Promise<void> {
    const redis = await this.client();
    const dead: DeadLetter = { ...delivery, deadAt: at.toISOString() };
    await redis.multi().hset(this.key('dead'), delivery.id, JSON.stringify(dead)).zrem(this.key('queue'), delivery.id).hdel(this.key('deliveries'), delivery.id).exec();
  }

  async deadLetters(webhookId?: string): Promise<DeadLetter[]> {
    const redis = await this.client();
    return (await redis.hvals(this.key('dead')))
      .map((d) => JSON.parse(d) as DeadLetter)
      .filter((d) => !webhookId || d.webhookId === webhookId)
      .sort((a, b) => a.deadAt.localeCompare(b.deadAt));
  }

  async replay(id: string): Promise<Delivery | null> {
    const redis = await this.client();
    const raw = await redis.hget(this.key('dead'), id);
    if (!raw) return null;
    const { deadAt: _deadAt, ...delivery } = JSON.parse(raw) as DeadLetter;
    const again: Delivery = { ...delivery, attempts: 0 };
    const [[, removed]] = (await redis.multi().hdel(this.key('dead'), id).exec()) as [[Error | null, number]];
    if (removed !== 1) return null;
    await redis.multi().hset(this.key('deliveries'), id, JSON.stringify(again)).zadd(this.key('queue'), Date.now(), id).exec();
    return again;
  }

  async cursor(webhookId: string): Promise<string | null> {
    const redis = await this.client();
    return redis.hget(this.key('cursors'), webhookId);
  }

  async advanceCursor(webhookId: string, eventId: string): Promise<void> {
    const redis = await this.client();
    await redis.eval(ADVANCE, 2, this.key('cursors'), this.key('registrations'), webhookId, eventId);
  }

  async lease(name: string, owner: string, ms: number): Promise<boolean> {
    const redis = await this.client();
    return (await redis.eval(LEASE, 1, this.key(`lease:${name}`), owner, String(ms))) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    const redis = await this.client();
    await redis.eval(RELEASE, 1, this.key(`lease:${name}`), owner);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
