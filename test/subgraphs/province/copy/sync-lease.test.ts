import Redis from 'ioredis';
import { legacyKey } from '../../../../adapters/kit/cache/legacy-cache';
import type { Collection, CollectionRecord, Pulled } from '../../../../adapters/kit/province-adapter';
import type { WaybillRecord } from '../../../../schema/model';
import { openSharedCache } from '../../../../schema/cache/open-shared-cache';
import { RedisCache } from '../../../../schema/cache/redis-cache';
import { ResilientCache } from '../../../../schema/cache/resilient-cache';
import { DEFAULT_SYNC_LEASE_MS } from '../../../../subgraphs/province/province-data';
import { RECONCILE_OFF } from '../../../../subgraphs/province/reconcile-config';
import { Replica } from '../../../../subgraphs/province/replica';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../../../subgraphs/province/server';
import { DATASET_NOW, DatasetAdapter, testDataset } from '../../../fixtures/dataset-adapter';
import { ManualClock } from '../../../support/manual-clock';
import { startRedisServer, type RedisServerHandle } from '../../../support/redis-server';
import { testVerifier } from '../../../support/tokens';

/**
 * Issue 27: the sync lease of a shared copy is short and renewed while its holder syncs. A holder
 * that died blocks the other replicas at most one short lease (it was 2 minutes), a first pull of
 * minutes keeps its lease (no second sync of the same copy), and a process that stops gives it back.
 */

const P = 'SH';
const KEY = legacyKey(P, 'replica', 'waybills');
const LEASE = `${KEY}:sync`;
/** The bound on how long a dead holder may block the others: a short lease (about 15 s), and a poll. */
const TAKEN_OVER_WITHIN_MS = 20_000;

/** Shanghai's data set with waybill pulls held until the test lets them go: a first pull that takes as long as the test wants. */
class HeldAdapter extends DatasetAdapter {
  release: () => void = () => undefined;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));
  override async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    if (collection === 'waybills') await this.held;
    return super.pull(collection, since);
  }
}

function replicaOn(cache: ResilientCache, adapter: DatasetAdapter, leaseMs: number): Replica<'waybills'> {
  return new Replica({ adapter, collection: 'waybills', clock: new ManualClock(DATASET_NOW), maxAgeMs: 10_000, pullWindowMs: 600_000, shared: { cache, key: KEY, keepMs: 3_600_000, leaseMs } });
}

const byId = (records: readonly WaybillRecord[]): Record<string, WaybillRecord> => Object.fromEntries(records.map((r) => [r.id, r]));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the sync lease of a shared copy, on a real Redis', () => {
  let redis: RedisServerHandle;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });

  async function connect(keyPrefix: string): Promise<ResilientCache> {
    const cache = new ResilientCache(new RedisCache({ url: redis.url, keyPrefix }));
    await cache.remote.ready(5_000);
    return cache;
  }

  async function leaseTaken(keyPrefix: string): Promise<string> {
    for (;;) {
      const token = await admin.get(`${keyPrefix}${LEASE}`);
      if (token !== null) return token;
      await sleep(10);
    }
  }

  it('a sync that lasts past the lease keeps it (renewed): the waiting replica makes no sync of its own and adopts the holder’s copy', async () => {
    const leaseMs = 900;
    const keyPrefix = `long-${Date.now()}:`;
    const [holderCache, waiterCache] = [await connect(keyPrefix), await connect(keyPrefix)];
    const holderAdapter = new HeldAdapter(P, testDataset());
    const waiterAdapter = new DatasetAdapter(P, testDataset());
    try {
      const held = replicaOn(holderCache, holderAdapter, leaseMs).read();
      const token = await leaseTaken(keyPrefix);
      const waited = replicaOn(waiterCache, waiterAdapter, leaseMs).read();
      // Three times the lease's time to live, with the holder's pull still under way: the lease stays the holder's.
      const past = Date.now() + 3 * leaseMs;
      while (Date.now() < past) {
        expect(await admin.get(`${keyPrefix}${LEASE}`)).toBe(token);
        await sleep(50);
      }
      expect(waiterAdapter.pulls).toEqual([]);
      holderAdapter.release();
      const [copy, adopted] = await Promise.all([held, waited]);
      expect(waiterAdapter.pulls).toEqual([]);
      expect(holderAdapter.pulls).toEqual([{ collection: 'waybills', since: null }]);
      expect(byId(adopted.records)).toEqual(byId(copy.records));
    } finally {
      holderAdapter.release();
      await Promise.all([holderCache.close(), waiterCache.close()]);
    }
  });

  it('a holder that died mid-sync (its client gone, never renewing) is taken over within the default lease, not after minutes', async () => {
    expect(DEFAULT_SYNC_LEASE_MS).toBeLessThan(TAKEN_OVER_WITHIN_MS);
    const keyPrefix = `died-${Date.now()}:`;
    const [holderCache, waiterCache] = [await connect(keyPrefix), await connect(keyPrefix)];
    const holderAdapter = new HeldAdapter(P, testDataset());
    const waiterAdapter = new DatasetAdapter(P, testDataset());
    try {
      void replicaOn(holderCache, holderAdapter, DEFAULT_SYNC_LEASE_MS)
        .read()
        .catch(() => undefined);
      await leaseTaken(keyPrefix);
      // As kill -9 would: no release, no renewal reaches Redis again.
      await holderCache.remote.close();
      const taken = replicaOn(waiterCache, waiterAdapter, DEFAULT_SYNC_LEASE_MS).read();
      expect(await settlesWithin(taken, TAKEN_OVER_WITHIN_MS)).toBe(true);
      expect(waiterAdapter.pulls).toEqual([{ collection: 'waybills', since: null }]);
      expect((await taken).records.length).toBeGreaterThan(0);
    } finally {
      holderAdapter.release();
      await Promise.all([holderCache.close(), waiterCache.close()]);
    }
  }, 40_000);

  it('a subgraph that stops (SIGTERM runs close()) while its first pull holds the lease gives the lease back', async () => {
    const keyPrefix = `stop-${Date.now()}:`;
    const cache = openSharedCache({ redisUrl: redis.url, keyPrefix });
    let adapter: HeldAdapter | null = null;
    let subgraph: RunningProvinceSubgraph | null = await startProvinceSubgraph({
      province: P,
      clock: new ManualClock(DATASET_NOW),
      cache,
      reconcile: RECONCILE_OFF,
      auth: testVerifier(),
      adapter: (http) => (adapter = new HeldAdapter(P, testDataset(), http)),
      warmStart: { retryMs: 50, progressMs: 1_000 },
    });
    try {
      await leaseTaken(keyPrefix);
      await subgraph.close();
      subgraph = null;
      expect(await admin.exists(`${keyPrefix}${LEASE}`)).toBe(0);
    } finally {
      (adapter as HeldAdapter | null)?.release();
      await subgraph?.close();
      await cache.close();
    }
  });
});
