import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { InProcessCache } from '../../../schema/cache/in-process-cache';
import { RedisCache } from '../../../schema/cache/redis-cache';
import type { SharedCache } from '../../../schema/cache/shared-cache';
import { RemovedRecords, type RemovedRecordEntry } from '../../../subgraphs/province/removed-records';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';

/**
 * Issue 26: the tombstones are kept in the shared cache beside the copies, so that every replica
 * of a province subgraph answers removedRecords alike and a restart forgets none of them; kept
 * for the retention and no longer.
 */

const DAY_MS = 24 * 3600_000;
const RETENTION_MS = 7 * DAY_MS;
const T0 = Date.parse('2026-07-01T00:00:00Z');

function entry(n: number, atMs: number, type: RemovedRecordEntry['type'] = 'RescueBase'): RemovedRecordEntry {
  return { id: `JS:${type}:${n}`, type, source: 'JS', detectedAt: new Date(atMs).toISOString() };
}

/** A replica's tombstones over `cache`, on a clock the test sets. */
function replica(cache: SharedCache, clock: { now: number }, key = 'legacy:JS:removed'): RemovedRecords {
  return new RemovedRecords({ cache, key, retentionMs: RETENTION_MS, now: () => clock.now });
}

/** The cache with `afterSet` called after each write. */
function watched(cache: InProcessCache, afterSet: (key: string, value: unknown, ttlMs: number) => Promise<void> | void): SharedCache {
  return {
    state: cache.state,
    get: (key) => cache.get(key),
    getMany: (keys) => cache.getMany(keys),
    set: async (key, value, ttlMs) => {
      const stored = await cache.set(key, value, ttlMs);
      await afterSet(key, value, ttlMs);
      return stored;
    },
    delete: (key) => cache.delete(key),
    lease: (key, ttlMs) => cache.lease(key, ttlMs),
    renew: (key, token, ttlMs) => cache.renew(key, token, ttlMs),
    release: (key, token) => cache.release(key, token),
    close: () => cache.close(),
  };
}

const ids = (entries: readonly RemovedRecordEntry[]): string[] => entries.map((e) => e.id);

describe('tombstones in the shared cache', () => {
  it('a tombstone one replica keeps is answered alike by another and by one started later; a return on any replica removes it for all', async () => {
    const cache = new InProcessCache();
    const clock = { now: T0 };
    const a = replica(cache, clock);
    const b = replica(cache, clock);
    await a.add([entry(1, T0), entry(2, T0 + 1000)]);
    expect(await b.since(new Date(T0))).toEqual(await a.since(new Date(T0)));
    expect(ids(await b.since(new Date(T0)))).toEqual(['JS:RescueBase:1', 'JS:RescueBase:2']);
    const restarted = replica(cache, clock);
    expect(await restarted.has('JS:RescueBase:2')).toBe(true);
    await b.returned(['JS:RescueBase:1', 'JS:RescueBase:99']);
    expect(ids(await a.since(new Date(T0)))).toEqual(['JS:RescueBase:2']);
    expect(await restarted.has('JS:RescueBase:1')).toBe(false);
  });

  it('a record seen removed again (another replica adopting the copy without it) keeps the time it was first seen removed', async () => {
    const cache = new InProcessCache();
    const clock = { now: T0 };
    await replica(cache, clock).add([entry(1, T0)]);
    await replica(cache, clock).add([entry(1, T0 + 60_000)]);
    expect(await replica(cache, clock).since(new Date(T0 - 1))).toEqual([entry(1, T0)]);
  });

  it('oldest first, then by id; `since` and `types` narrow the answer', async () => {
    const cache = new InProcessCache();
    const clock = { now: T0 + 10_000 };
    const r = replica(cache, clock);
    await r.add([entry(3, T0 + 2000), entry(2, T0 + 2000), entry(1, T0 + 5000, 'Warning'), entry(4, T0)]);
    expect(ids(await r.since(new Date(T0)))).toEqual(['JS:RescueBase:4', 'JS:RescueBase:2', 'JS:RescueBase:3', 'JS:Warning:1']);
    expect(ids(await r.since(new Date(T0 + 2000), ['Warning']))).toEqual(['JS:Warning:1']);
  });

  it('kept for the retention and no longer: the entries expire one by one, the stored value with the last change', async () => {
    const stored: { ttlMs: number }[] = [];
    const cache = new InProcessCache();
    const spy = watched(cache, (_key, _value, ttlMs) => void stored.push({ ttlMs }));
    const clock = { now: T0 };
    const r = replica(spy, clock);
    await r.add([entry(1, T0)]);
    clock.now = T0 + DAY_MS;
    await r.add([entry(2, T0 + DAY_MS)]);
    expect(stored.map((s) => s.ttlMs)).toEqual([RETENTION_MS, RETENTION_MS]);
    clock.now = T0 + RETENTION_MS;
    expect(ids(await r.since(new Date(0)))).toEqual(['JS:RescueBase:1', 'JS:RescueBase:2']);
    clock.now = T0 + RETENTION_MS + 1;
    expect(ids(await r.since(new Date(0)))).toEqual(['JS:RescueBase:2']);
    clock.now = T0 + DAY_MS + RETENTION_MS + 1;
    expect(await r.since(new Date(0))).toEqual([]);
  });

  it("a change another replica's write undid between this one's read and write is made again", async () => {
    const cache = new InProcessCache();
    const clock = { now: T0 + 100 };
    const other = replica(cache, clock);
    let raced = false;
    const racing = watched(cache, async (key, _value, ttlMs) => {
      if (raced) return;
      raced = true;
      // The other replica read before this write and writes after it, its own tombstone only.
      await cache.set(key, [entry(2, T0 + 2)], ttlMs);
    });
    await replica(racing, clock).add([entry(1, T0 + 1)]);
    expect(ids(await other.since(new Date(0)))).toEqual(['JS:RescueBase:1', 'JS:RescueBase:2']);
  });

  it('changes made at once in one process are all kept (one read-modify-write at a time)', async () => {
    const cache = new InProcessCache();
    const r = replica(cache, { now: T0 + 100 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => r.add([entry(i, T0 + i)])));
    await Promise.all([r.returned(['JS:RescueBase:0']), r.add([entry(99, T0 + 99)]), r.returned(['JS:RescueBase:1'])]);
    expect(await r.since(new Date(0))).toHaveLength(19);
  });
});

describe('tombstones in Redis', () => {
  let redis: RedisServerHandle;
  const caches: RedisCache[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    for (const c of caches) await c.close();
    await redis?.stop();
  });

  async function connect(keyPrefix: string): Promise<RedisCache> {
    const cache = new RedisCache({ url: redis.url, keyPrefix, commandTimeoutMs: 1000 });
    caches.push(cache);
    await cache.ready(5000);
    return cache;
  }

  it('two processes (two connections) answer alike, a process started after both closed still answers, and Redis expires the value after the retention', async () => {
    const keyPrefix = `tombstones-${randomUUID()}:`;
    const clock = { now: T0 };
    const first = replica(await connect(keyPrefix), clock);
    const second = replica(await connect(keyPrefix), clock);
    await first.add([entry(1, T0)]);
    await second.add([entry(2, T0 + 1)]);
    expect(ids(await first.since(new Date(T0)))).toEqual(['JS:RescueBase:1', 'JS:RescueBase:2']);
    for (const c of caches.splice(0)) await c.close();
    const later = await connect(keyPrefix);
    expect(ids(await replica(later, clock).since(new Date(T0)))).toEqual(['JS:RescueBase:1', 'JS:RescueBase:2']);
    const raw = new Redis(redis.url);
    const ttlMs = await raw.pttl(`${keyPrefix}legacy:JS:removed`);
    raw.disconnect();
    expect(ttlMs).toBeGreaterThan(RETENTION_MS - 60_000);
    expect(ttlMs).toBeLessThanOrEqual(RETENTION_MS);
  }, 30_000);

  it('two processes removing at once, every read of one met by a read of the other and its writes landing last: no tombstone is lost', async () => {
    const keyPrefix = `tombstones-${randomUUID()}:`;
    const clock = { now: T0 + 1000 };
    // Each process's reads wait (a little) for the other's, so that their read-modify-writes overlap.
    let waiting: (() => void) | null = null;
    const meet = (): Promise<void> =>
      new Promise<void>((resolve) => {
        if (waiting) {
          waiting();
          waiting = null;
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          waiting = null;
          resolve();
        }, 15);
        waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const overlapping = (cache: RedisCache, writeDelayMs: number): SharedCache => ({
      state: cache.state,
      get: async (key) => {
        await meet();
        return cache.get(key);
      },
      getMany: (keys) => cache.getMany(keys),
      set: async (key, value, ttlMs) => {
        await new Promise((r) => setTimeout(r, writeDelayMs));
        return cache.set(key, value, ttlMs);
      },
      delete: (key) => cache.delete(key),
      lease: (key, ttlMs) => cache.lease(key, ttlMs),
      renew: (key, token, ttlMs) => cache.renew(key, token, ttlMs),
      release: (key, token) => cache.release(key, token),
      close: () => cache.close(),
    });
    const first = replica(overlapping(await connect(keyPrefix), 0), clock);
    const second = replica(overlapping(await connect(keyPrefix), 10), clock);
    const n = 12;
    await Promise.all([
      ...Array.from({ length: n }, (_, i) => first.add([entry(i, T0 + i)])),
      ...Array.from({ length: n }, (_, i) => second.add([entry(100 + i, T0 + i)])),
    ]);
    const kept = ids(await replica(await connect(keyPrefix), clock).since(new Date(0)));
    expect(kept).toHaveLength(2 * n);
    expect(new Set(kept)).toEqual(new Set([...Array.from({ length: n }, (_, i) => `JS:RescueBase:${i}`), ...Array.from({ length: n }, (_, i) => `JS:RescueBase:${100 + i}`)]));
  }, 30_000);

  it("a change waits while another process holds the tombstones' write lease, and is made once it is released", async () => {
    const keyPrefix = `tombstones-${randomUUID()}:`;
    const clock = { now: T0 + 1000 };
    const other = await connect(keyPrefix);
    const token = await other.lease('legacy:JS:removed:write-lease', 5000);
    expect(token).not.toBeNull();
    const r = replica(await connect(keyPrefix), clock);
    let made = false;
    const adding = r.add([entry(1, T0)]).then(() => (made = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(made).toBe(false);
    expect(await r.since(new Date(0))).toEqual([]);
    await other.release('legacy:JS:removed:write-lease', token as string);
    await adding;
    expect(ids(await r.since(new Date(0)))).toEqual(['JS:RescueBase:1']);
  }, 30_000);
});
