import { EventEmitter } from 'node:events';
import type { Cluster, default as Redis } from 'ioredis';
import { ioredis } from '../cache/ioredis';
import { connectRedisStore } from '../cache/redis-connection';
import { RegistryError } from './errors';
import type { ChainedRecord, RegistryStore } from './store';
import type { SchemaCheckRecord, SchemaVersionRecord } from './types';

export interface RedisRegistryStoreOptions {
  url: string;
  /** Prefix of every key and of the pub/sub channel; one prefix is one registry (a hash tag on a cluster). */
  prefix?: string;
  /** Give up after this many reconnection attempts (a CLI fails fast); default: retry forever. */
  maxReconnects?: number;
}

/**
 * Appends only when the list holds exactly number-1 versions and the head hash is the new
 * version's previousHash; pushes the version and its check, moves the head and announces the
 * number, all in one atomic script.
 */
const APPEND_VERSION = `
local count = redis.call('LLEN', KEYS[1])
local head = redis.call('GET', KEYS[3]) or ''
if count + 1 ~= tonumber(ARGV[1]) or head ~= ARGV[2] then
  return count
end
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('SET', KEYS[3], ARGV[5])
redis.call('PUBLISH', ARGV[6], ARGV[1])
return -1
`;

export class RedisRegistryStore<V extends ChainedRecord = SchemaVersionRecord, C = SchemaCheckRecord> implements RegistryStore<V, C> {
  private readonly redis: Redis | Cluster;
  private subscriber: Redis | Cluster | null = null;
  private readonly keys: { versions: string; checks: string; head: string; channel: string };
  private readonly events = new EventEmitter();
  private lastAnnounced = 0;

  constructor(options: RedisRegistryStoreOptions) {
    const { redis, prefix } = connectRedisStore(options.url, options.prefix ?? 'yrd:registry:', { maxReconnects: options.maxReconnects });
    this.redis = redis;
    this.keys = { versions: `${prefix}versions`, checks: `${prefix}checks`, head: `${prefix}head`, channel: `${prefix}live` };
  }

  async versions(): Promise<V[]> {
    const raw = await this.redis.lrange(this.keys.versions, 0, -1);
    return raw.map((text, index) => parse<V>(text, index));
  }

  async version(number: number): Promise<V | null> {
    if (!Number.isInteger(number) || number < 1) return null;
    const raw = await this.redis.lindex(this.keys.versions, number - 1);
    return raw === null ? null : parse<V>(raw, number - 1);
  }

  async latestVersion(): Promise<V | null> {
    const count = await this.redis.llen(this.keys.versions);
    return count ? this.version(count) : null;
  }

  async headHash(): Promise<string | null> {
    return (await this.redis.get(this.keys.head)) || null;
  }

  async checks(): Promise<C[]> {
    const raw = await this.redis.lrange(this.keys.checks, 0, -1);
    return raw.map((text) => JSON.parse(text) as C);
  }

  async appendVersion(version: V, check: C): Promise<void> {
    const result = (await this.redis.eval(
      APPEND_VERSION,
      3,
      this.keys.versions,
      this.keys.checks,
      this.keys.head,
      String(version.number),
      version.previousHash ?? '',
      JSON.stringify(version),
      JSON.stringify(check),
      version.hash,
      this.keys.channel,
    )) as number;
    if (result !== -1) {
      throw new RegistryError('VERSION_CONFLICT', `version ${version.number} is not the next version (expected ${result + 1})`, { expected: result + 1, got: version.number });
    }
    this.announce(version.number);
  }

  async appendCheck(check: C): Promise<void> {
    await this.redis.rpush(this.keys.checks, JSON.stringify(check));
  }

  onLiveVersion(listener: (number: number) => void): () => void {
    this.events.on('live', listener);
    this.subscribe();
    return () => {
      this.events.off('live', listener);
    };
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    const clients = [this.redis, ...(this.subscriber ? [this.subscriber] : [])];
    this.subscriber = null;
    await Promise.all(clients.map((c) => (c.status === 'ready' ? c.quit().then(() => undefined, () => c.disconnect()) : c.disconnect())));
  }

  private announce(number: number): void {
    if (number <= this.lastAnnounced) return;
    this.lastAnnounced = number;
    this.events.emit('live', number);
  }

  /** Catches up after (re)connecting, since pub/sub drops messages sent while disconnected. */
  private catchUp(): void {
    this.redis.llen(this.keys.versions).then(
      (count) => this.announce(count),
      () => undefined,
    );
  }

  private subscribe(): void {
    if (this.subscriber) return;
    const subscriber: Redis | Cluster = this.redis instanceof ioredis().Cluster ? this.redis.duplicate() : (this.redis as Redis).duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      const number = Number(message);
      if (channel === this.keys.channel && Number.isInteger(number)) this.announce(number);
    });
    subscriber.on('ready', () => this.catchUp());
    this.redis.llen(this.keys.versions).then(
      (count) => {
        if (this.lastAnnounced === 0) this.lastAnnounced = count;
      },
      () => undefined,
    );
    subscriber.subscribe(this.keys.channel).catch(() => undefined);
  }
}

function parse<T>(text: string, index: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RegistryError('REGISTRY_CORRUPT', `stored version at position ${index + 1} is not JSON`, { afterVersion: index });
  }
}
