import Redis from 'ioredis';
import { toBeijingIso } from '../../../../adapters/kit/beijing-time';
import { legacyKey } from '../../../../adapters/kit/cache/legacy-cache';
import type { WaybillRecord } from '../../../../schema/model';
import { RedisCache } from '../../../../schema/cache/redis-cache';
import { ResilientCache } from '../../../../schema/cache/resilient-cache';
import { Replica } from '../../../../subgraphs/province/replica';
import { DATASET_NOW, DatasetAdapter, testDataset } from '../../../fixtures/dataset-adapter';
import { ManualClock } from '../../../support/manual-clock';
import { startRedisServerWithAdmin, type RedisServerHandle, type RedisServerWithAdmin } from '../../../support/redis-server';

/**
 * Issue 27: a replica restarted on the Redis that holds its copy takes the copy from there, even
 * when Redis is too slow for a moment to answer a base chunk within the command deadline (as on a
 * busy machine where four province processes adopt their copies at once: session 13 traced the full
 * pulls of copy-cost-stream's restart to chunk reads that missed the 250 ms deadline), or the read
 * of the copy's head (a head Redis did not answer was taken for no copy, and the whole copy pulled).
 */

const P = 'SH';
const MAX_AGE = 10_000;
const KEY = legacyKey(P, 'replica', 'waybills');
/** How long Redis stops answering, from the first read of a base chunk: past the command deadline several times over. */
const STALL_MS = 1_200;

/** Where a read stalls: the first read of a key `at` accepts runs `stall` before it goes to Redis. */
interface ReadStall {
  at: (key: string) => boolean;
  stall: () => Promise<void>;
}

/** A Redis client whose first read of a key the stall names finds Redis not answering, so that the read misses its deadline. */
class StallsAtRead extends RedisCache {
  stalled = false;
  constructor(
    url: string,
    keyPrefix: string,
    private readonly read: ReadStall,
  ) {
    super({ url, keyPrefix });
  }
  override async get<T>(key: string): Promise<T | undefined> {
    if (!this.stalled && this.read.at(key)) {
      this.stalled = true;
      await this.read.stall();
    }
    return super.get<T>(key);
  }
}

/** The first read of a base chunk finds Redis paused (CLIENT PAUSE) for STALL_MS. */
const pausedAtFirstChunk = (admin: Redis): ReadStall => ({
  at: (key) => key.startsWith(`${KEY}:base:`),
  stall: async () => {
    await admin.client('PAUSE', STALL_MS, 'ALL');
  },
});

/** The first read of the copy's head finds the server stopped (SIGSTOP) for STALL_MS, so that the read and the next few miss their deadline. */
const stoppedAtHead = (server: RedisServerHandle): ReadStall => ({
  at: (key) => key === KEY && server.pid !== null,
  stall: async () => {
    const pid = server.pid;
    if (pid === null) return;
    process.kill(pid, 'SIGSTOP');
    setTimeout(() => process.kill(pid, 'SIGCONT'), STALL_MS);
  },
});

function replicaOn(cache: ResilientCache, adapter: DatasetAdapter, clock: ManualClock): Replica<'waybills'> {
  return new Replica({ adapter, collection: 'waybills', clock, maxAgeMs: MAX_AGE, pullWindowMs: 600_000, shared: { cache, key: KEY, keepMs: 3_600_000, leaseMs: 120_000 } });
}

/** The copy's records by id, as the system holds them now. */
const byId = (records: readonly WaybillRecord[]): Record<string, WaybillRecord> => Object.fromEntries(records.map((r) => [r.id, structuredClone(r)]));

describe('a replica restarted on Redis', () => {
  let redis: RedisServerWithAdmin;
  beforeAll(async () => {
    redis = await startRedisServerWithAdmin();
  });
  afterAll(async () => {
    if (redis?.server.pid) process.kill(redis.server.pid, 'SIGCONT');
    await redis?.stop();
  });

  /** A replica synced on Redis under `keyPrefix`, three re-syncs that each logged changes, then stopped; and a change since. */
  async function syncedThenStopped(keyPrefix: string): Promise<{ adapter: DatasetAdapter; clock: ManualClock }> {
    const clock = new ManualClock(DATASET_NOW);
    const adapter = new DatasetAdapter(P, testDataset());
    const before = await redis.cache(keyPrefix);
    const first = replicaOn(before, adapter, clock);
    await first.read();
    let t = Math.max(...adapter.records('waybills').map((w) => Date.parse(w.updatedAt)));
    const change = (round: number): void => {
      const list = adapter.records('waybills');
      for (let i = 0; i < 3; i++) {
        const w = list[(round * 7 + i * 11) % list.length];
        t += 1_000;
        adapter.upsert('waybills', { ...w, status: w.status === 'ARRIVED' ? 'IN_TRANSIT' : 'ARRIVED', updatedAt: toBeijingIso(new Date(t)) });
      }
      const w = list[round];
      t += 1_000;
      adapter.upsert('waybills', { ...w, id: `${w.id}-new${round}`, sourceId: `${w.sourceId}-new${round}`, updatedAt: toBeijingIso(new Date(t)) });
    };
    for (let round = 1; round <= 3; round++) {
      change(round);
      clock.advance(MAX_AGE);
      await first.read();
    }
    // The sync lease is released without waiting (replica.ts); a restart while it is held waits for it to run out.
    while ((await redis.admin.exists(`${keyPrefix}${KEY}:sync`)) > 0) await new Promise((r) => setTimeout(r, 10));
    await before.close();
    change(4);
    clock.advance(MAX_AGE);
    return { adapter, clock };
  }

  it('after changes logged between its syncs, adopts the copy with no full list call even when Redis misses the deadline of a chunk read; the copy equals the system record by record', async () => {
    const keyPrefix = `restart-${Date.now()}:`;
    const { adapter, clock } = await syncedThenStopped(keyPrefix);
    const stalling = new StallsAtRead(redis.server.url, keyPrefix, pausedAtFirstChunk(redis.admin));
    const after = new ResilientCache(stalling);
    adapter.resetCalls();
    try {
      const copy = await replicaOn(after, adapter, clock).read();
      expect(stalling.stalled).toBe(true);
      expect(adapter.pulls.filter((p) => p.since === null)).toEqual([]);
      expect(adapter.pulls).toHaveLength(1);
      expect(byId(copy.records)).toEqual(byId(adapter.records('waybills')));
    } finally {
      await after.close();
    }
  });

  it('adopts the copy with no full list call when Redis is stopped (SIGSTOP) at the read of the head, past the command deadline: only the incremental pull', async () => {
    const keyPrefix = `restart-head-${Date.now()}:`;
    const { adapter, clock } = await syncedThenStopped(keyPrefix);
    const stalling = new StallsAtRead(redis.server.url, keyPrefix, stoppedAtHead(redis.server));
    const after = new ResilientCache(stalling);
    await stalling.ready(5_000);
    adapter.resetCalls();
    try {
      const copy = await replicaOn(after, adapter, clock).read();
      expect(stalling.stalled).toBe(true);
      expect(stalling.errors).toBeGreaterThanOrEqual(1);
      expect(adapter.pulls).toEqual([{ collection: 'waybills', since: expect.any(Date) }]);
      expect(adapter.calls).toEqual({ 'pull waybills': 1 });
      expect(byId(copy.records)).toEqual(byId(adapter.records('waybills')));
    } finally {
      await after.close();
    }
  });
});
