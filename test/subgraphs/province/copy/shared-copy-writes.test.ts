import Redis from 'ioredis';
import type { WaybillRecord } from '../../../../schema/model';
import { RedisCache } from '../../../../schema/cache/redis-cache';
import { ResilientCache } from '../../../../schema/cache/resilient-cache';
import { CopyState } from '../../../../subgraphs/province/copy/copy-state';
import { INDEX_RULES } from '../../../../subgraphs/province/copy/indexes';
import { SharedCopyStore } from '../../../../subgraphs/province/copy/shared-copy';
import { testDataset } from '../../../fixtures/dataset-adapter';
import { startRedisServerWithAdmin, type RedisServerWithAdmin } from '../../../support/redis-server';
import { until } from '../../../support/until';

/**
 * Issue 27: a head is written only once every part it names is in Redis. A base chunk that never
 * reaches Redis (the connection dropped at each attempt, as in a failover) fails the write and
 * leaves the head naming the last complete copy, instead of naming a chunk no restarted replica can
 * read.
 */

const KEY = 'legacy:JS:replica:waybills';
const waybills = testDataset().waybills.filter((w) => w.province === 'JS');
const clock = (syncedAt: number) => ({ newestUpdate: syncedAt, syncedAt, fetchedAt: new Date(syncedAt).toISOString() });
const contents = (records: readonly WaybillRecord[]): string[] => records.map((r) => JSON.stringify(r)).sort();

/** Which write a case injects its fault at (given how many it already was), and the fault around that write, which it makes. */
interface WriteFault {
  at(key: string, injected: number): boolean;
  around(client: RedisCache, write: () => Promise<boolean>): Promise<boolean>;
}

/** A client whose writes meet `fault` while armed; `injected` counts the writes it met. */
class FaultyWrites extends RedisCache {
  armed = false;
  injected = 0;
  constructor(
    url: string,
    keyPrefix: string,
    private readonly fault: WriteFault,
  ) {
    super({ url, keyPrefix });
  }
  override async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const write = () => super.set(key, value, ttlMs);
    if (!this.armed || !this.fault.at(key, this.injected)) return write();
    this.injected += 1;
    return this.fault.around(this, write);
  }
}

/** The connection dropped (CLIENT KILL) each time the client is about to write the second chunk of a base; it is back before each write returns. */
const dropsAtSecondChunk = (admin: Redis): WriteFault => ({
  at: (key) => /:base:[^:]+:1$/.test(key),
  async around(client, write) {
    const down = new Promise<void>((resolve) => {
      const off = client.onStateChange((state) => {
        if (state !== 'down') return;
        off();
        resolve();
      });
    });
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal');
    await down;
    try {
      return await write();
    } finally {
      await client.ready(10_000);
    }
  },
});

/** Redis paused (CLIENT PAUSE, 600 ms) when the client first writes a base chunk: past its command deadline, not past the store's retries. */
const pausedAtFirstChunk = (admin: Redis): WriteFault => ({
  at: (key, injected) => injected === 0 && key.includes(':base:'),
  async around(_client, write) {
    await admin.call('CLIENT', 'PAUSE', '600', 'ALL');
    return write();
  },
});

const writerOn = (cache: ResilientCache) => new SharedCopyStore<WaybillRecord>({ cache, key: KEY, keepMs: 3_600_000, chunkSize: 20 });
const readerOn = (cache: ResilientCache) => new SharedCopyStore<WaybillRecord>({ cache, key: KEY, keepMs: 3_600_000, attempts: 1 });

describe('the shared copy written through Redis', () => {
  let redis: RedisServerWithAdmin;
  beforeAll(async () => {
    redis = await startRedisServerWithAdmin();
  });
  afterAll(() => redis?.stop());

  it('a base whose chunk did not reach Redis is not named by the head: a new reader gets the last complete copy whole', async () => {
    const keyPrefix = `writes-${Date.now()}:`;
    const remote = new FaultyWrites(redis.server.url, keyPrefix, dropsAtSecondChunk(redis.admin));
    const writer = writerOn(new ResilientCache(remote));
    // A client of its own, connected after the drop, as a replica that starts later.
    let reader: ResilientCache | null = null;
    try {
      await remote.ready(5_000);
      const first = CopyState.of(INDEX_RULES.waybills, waybills.slice(0, 60), []);
      const at = await writer.write(first, [], null, undefined, clock(1), 1);
      const second = CopyState.of(INDEX_RULES.waybills, waybills.map((w) => ({ ...w, status: 'ARRIVED' as const })), []);
      remote.armed = true;
      // Not on the head's position: a new base.
      const failed = await writer.write(second, [], null, await writer.head(), clock(2), 2).then(
        () => null,
        (e: unknown) => e,
      );
      remote.armed = false;
      expect(remote.injected).toBeGreaterThanOrEqual(1);

      reader = await redis.cache(keyPrefix);
      const store = readerOn(reader);
      const head = await store.head();
      expect(head).toMatchObject({ generation: at.generation, syncedAt: 1 });
      const read = await store.read(head!, null);
      expect(contents(read!.reset!.records)).toEqual(contents([...first.records.values()]));
      expect(failed).toMatchObject({ code: 'SHARED_COPY_NOT_WRITTEN' });

      // The writer's next write is a whole new base, which the head then names.
      const next = await writer.write(second, [], null, await writer.head(), clock(3), 3);
      const after = await store.read((await store.head())!, null);
      expect(next.generation).not.toBe(at.generation);
      expect(contents(after!.reset!.records)).toEqual(contents([...second.records.values()]));
    } finally {
      await reader?.close();
      await remote.close();
    }
  });

  it('with Redis down a write fails at its first part, without waiting to send it again (a sync is not held up)', async () => {
    const writes: string[] = [];
    const cache = await redis.cache(`down-${Date.now()}:`);
    const set = cache.set.bind(cache);
    cache.set = (key, value, ttlMs) => (writes.push(key), set(key, value, ttlMs));
    const writer = writerOn(cache);
    try {
      await redis.server.stop();
      await until(() => cache.state === 'down');
      const failed = await writer.write(CopyState.of(INDEX_RULES.waybills, waybills, []), [], null, undefined, clock(1), 1).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failed).toMatchObject({ code: 'SHARED_COPY_NOT_WRITTEN' });
      expect(writes).toHaveLength(1);
    } finally {
      await cache.close();
      if (!redis.server.running) await redis.server.start();
    }
  });

  it('a chunk write that misses the command deadline is sent again, and the base is complete and named', async () => {
    const keyPrefix = `paused-${Date.now()}:`;
    const remote = new FaultyWrites(redis.server.url, keyPrefix, pausedAtFirstChunk(redis.admin));
    remote.armed = true;
    const writer = writerOn(new ResilientCache(remote));
    const reader = await redis.cache(keyPrefix);
    try {
      await remote.ready(5_000);
      const state = CopyState.of(INDEX_RULES.waybills, waybills, []);
      const at = await writer.write(state, [], null, undefined, clock(1), 1);
      expect(remote.injected).toBe(1);
      const store = readerOn(reader);
      const head = await store.head();
      expect(head).toMatchObject({ generation: at.generation, syncedAt: 1 });
      expect(contents((await store.read(head!, null))!.reset!.records)).toEqual(contents(waybills));
    } finally {
      await reader.close();
      await remote.close();
    }
  });
});
