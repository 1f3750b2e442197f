import { randomUUID } from 'node:crypto';
import type { Cluster, default as Redis } from 'ioredis';
import type { GraphQLError } from 'graphql';
import { closeRedis, connectRedis, parseRedisUrl } from '../../schema/cache/redis-connection';
import { redisReady } from './redis-ready';
import { CallerLimit, tooManySubscriptions, type SubscriptionSlots } from './caller-limit';

/**
 * Each caller's slots are a sorted set: one member per subscription, scored by when it lapses
 * (Redis's own clock, so gateways' clocks need not agree). Taking a slot first drops the lapsed
 * ones, then counts: one atomic step, so two gateways cannot both take the last slot.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Renews a held slot (and adds it again if it lapsed while this gateway stalled). */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

export interface RedisSubscriptionSlotsOptions {
  redisUrl: string;
  keyPrefix: string;
  perCaller: number;
  /** How long a slot counts without being renewed; this gateway renews its slots every third of it. */
  slotTtlMs: number;
}

/**
 * The per-caller limit counted across every gateway on one Redis. A gateway renews the slots of
 * the streams it serves; one that is killed stops renewing, and its slots lapse within slotTtlMs
 * instead of holding its callers' places for ever. While Redis does not answer, the gateway
 * counts its own streams alone (the limit holds per process, as without Redis).
 */
export class RedisSubscriptionSlots implements SubscriptionSlots {
  private readonly redis: Redis | Cluster;
  private readonly held = new Map<string, string>();
  private readonly local: CallerLimit;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: RedisSubscriptionSlotsOptions) {
    this.redis = connectRedis(parseRedisUrl(o.redisUrl), { commandTimeoutMs: 1000 });
    this.local = new CallerLimit(o.perCaller);
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(o.slotTtlMs / 3)));
    this.timer.unref();
  }

  private keyOf(caller: string): string {
    return `${this.o.keyPrefix}{subscription-slots}:${caller}`;
  }

  async acquire(caller: string): Promise<(() => void) | GraphQLError> {
    const local = this.local.take(caller);
    if (typeof local !== 'function') return local;
    const member = randomUUID();
    const key = this.keyOf(caller);
    let taken: unknown;
    try {
      await redisReady(this.redis);
      taken = await this.redis.eval(ACQUIRE, 1, key, String(this.o.perCaller), member, String(this.o.slotTtlMs));
    } catch {
      taken = null;
    }
    if (taken === 0) {
      local();
      return tooManySubscriptions(this.o.perCaller);
    }
    if (taken === 1) this.held.set(member, key);
    return () => {
      local();
      if (!this.held.delete(member)) return;
      this.redis.zrem(key, member).catch(() => undefined);
    };
  }

  private async renew(): Promise<void> {
    for (const [member, key] of this.held) {
      await this.redis.eval(RENEW, 1, key, member, String(this.o.slotTtlMs)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const held = [...this.held];
    this.held.clear();
    for (const [member, key] of held) await this.redis.zrem(key, member).catch(() => undefined);
    await closeRedis(this.redis);
  }
}
