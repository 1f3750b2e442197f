import type { Cluster, default as Redis } from 'ioredis';
import { connectRedisStore } from '../cache/redis-connection';
import { dayOf, DEFAULT_USAGE_KEEP_DAYS, type UsageEntry, type UsageStore } from './types';

const DAY_MS = 86_400_000;

/** Usage in one Redis hash per day: `<client>\n<operation hash>` → the operation, and a twin hash of counts. */
export class RedisUsageStore implements UsageStore {
  private readonly redis: Redis | Cluster;
  private readonly prefix: string;

  /** A day's keys expire a day after the last of the `keepDays` days that hold it. */
  private readonly keepSeconds: number;

  constructor(url: string, prefix: string, keepDays = DEFAULT_USAGE_KEEP_DAYS) {
    this.keepSeconds = (keepDays + 1) * 86_400;
    ({ redis: this.redis, prefix: this.prefix } = connectRedisStore(url, prefix));
  }

  async record(entries: readonly UsageEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const batch = this.redis.multi();
    for (const e of entries) {
      const field = `${e.client}\n${e.operationHash}`;
      batch.hset(`${this.prefix}${e.day}`, field, JSON.stringify({ operationName: e.operationName, coordinates: e.coordinates }));
      batch.hincrby(`${this.prefix}${e.day}:count`, field, e.count);
      batch.expire(`${this.prefix}${e.day}`, this.keepSeconds);
      batch.expire(`${this.prefix}${e.day}:count`, this.keepSeconds);
    }
    await batch.exec();
  }

  async seenSince(since: Date): Promise<UsageEntry[]> {
    const days: string[] = [];
    for (let t = Date.parse(`${dayOf(since)}T00:00:00Z`); t <= Date.now(); t += DAY_MS) days.push(dayOf(new Date(t)));
    const entries: UsageEntry[] = [];
    for (const day of days) {
      const [operations, counts] = await Promise.all([this.redis.hgetall(`${this.prefix}${day}`), this.redis.hgetall(`${this.prefix}${day}:count`)]);
      for (const [field, json] of Object.entries(operations)) {
        const [client, operationHash] = field.split('\n');
        const { operationName, coordinates } = JSON.parse(json) as Pick<UsageEntry, 'operationName' | 'coordinates'>;
        entries.push({ day, client, operationHash, operationName, coordinates, count: Number(counts[field] ?? 0) });
      }
    }
    return entries;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
