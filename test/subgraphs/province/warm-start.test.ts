import type { Collection, CollectionRecord, Pulled } from '../../../adapters/kit/province-adapter';
import { InProcessCache } from '../../../schema/cache/in-process-cache';
import { openSharedCache } from '../../../schema/cache/open-shared-cache';
import type { SharedCache } from '../../../schema/cache/shared-cache';
import type { LogLine } from '../../../subgraphs/province/quality-log';
import type { HeapReduction } from '../../../subgraphs/province/reduce-heap';
import { RECONCILE_OFF } from '../../../subgraphs/province/reconcile-config';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../../subgraphs/province/server';
import type { WarmStartOptions } from '../../../subgraphs/province/warm-start';
import { DATASET_NOW, DatasetAdapter, testDataset } from '../../fixtures/dataset-adapter';
import { ManualClock } from '../../support/manual-clock';
import { startRedisServer } from '../../support/redis-server';
import { testVerifier } from '../../support/tokens';
import { until } from '../../support/until';

const dataset = testDataset();

/** Anhui's data set, rate limited as its system documents, with waybill pulls held until the test lets them go. */
class HeldAdapter extends DatasetAdapter {
  readonly rateLimit = { perSecond: 5 };
  release: () => void = () => undefined;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));
  override async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    if (collection === 'waybills') await this.held;
    return super.pull(collection, since);
  }
}

/** Shanghai's data set, each pull answered 100 ms late. */
class SlowAdapter extends DatasetAdapter {
  override async pull<C extends Collection>(collection: C, since: Date | null): Promise<Pulled<CollectionRecord[C]>> {
    await new Promise((r) => setTimeout(r, 100));
    return super.pull(collection, since);
  }
}

const ready = async (s: RunningProvinceSubgraph): Promise<{ status: number; body: { status: string; copies?: Record<string, string> } }> => {
  const res = await fetch(s.url.replace(/\/graphql$/, '/ready'));
  return { status: res.status, body: (await res.json()) as { status: string; copies?: Record<string, string> } };
};

/** Shanghai's subgraph on `cache`, warming at start; `made` is handed its adapter. */
function startWarming(cache: SharedCache, clock: ManualClock, made: (a: DatasetAdapter) => void): Promise<RunningProvinceSubgraph> {
  return startProvinceSubgraph({
    province: 'SH',
    clock,
    cache,
    reconcile: RECONCILE_OFF,
    auth: testVerifier(),
    adapter: (http) => {
      const a = new DatasetAdapter('SH', dataset, http);
      made(a);
      return a;
    },
    warmStart: { retryMs: 30, progressMs: 1_000 },
  });
}

/** Anhui's subgraph warming at start with `warmStart`, its waybill pulls held (HeldAdapter). */
async function startHeld(warmStart: WarmStartOptions): Promise<{ subgraph: RunningProvinceSubgraph; held: HeldAdapter }> {
  let adapter: HeldAdapter | null = null;
  const subgraph = await startProvinceSubgraph({
    province: 'AH',
    clock: new ManualClock(DATASET_NOW),
    reconcile: RECONCILE_OFF,
    auth: testVerifier(),
    adapter: (http) => (adapter = new HeldAdapter('AH', dataset, http)),
    warmStart,
  });
  return { subgraph, held: adapter as unknown as HeldAdapter };
}

describe('warm start', () => {
  it('every copy starts syncing at start with no query; /ready answers 503 until each has a first complete state, and the progress lines name the rate limit', async () => {
    const lines: LogLine[] = [];
    const { subgraph, held } = await startHeld({ retryMs: 50, progressMs: 20, log: (l) => lines.push(l) });
    try {
      await until(async () => (await ready(subgraph)).body.copies?.bases === 'complete' && (await ready(subgraph)).body.copies?.warnings === 'complete');
      const warming = await ready(subgraph);
      expect(warming).toEqual({ status: 503, body: { status: 'warming', province: 'AH', cache: 'memory', copies: { warnings: 'complete', enterprises: 'complete', waybills: 'pulling', bases: 'complete' } } });
      await until(async () => lines.some((l) => l.msg === 'first pull in progress'));
      const progress = lines.find((l) => l.msg === 'first pull in progress');
      expect(progress).toMatchObject({ province: 'AH', collections: ['waybills'], reason: expect.stringContaining('5 requests a second') });
      held.release();
      await until(async () => (await ready(subgraph)).status === 200);
      expect((await ready(subgraph)).body).toEqual({ status: 'ready', province: 'AH', cache: 'memory', copies: { warnings: 'complete', enterprises: 'complete', waybills: 'complete', bases: 'complete' } });
      expect(held.calls).toEqual({ 'pull warnings': 1, 'pull enterprises': 1, 'pull waybills': 1, 'pull bases': 1 });
      const complete = lines.filter((l) => l.msg === 'first pull complete').map((l) => [l.collection, l.records]);
      expect(Object.fromEntries(complete)).toEqual(
        Object.fromEntries((['warnings', 'enterprises', 'waybills', 'bases'] as const).map((c) => [c, held.records(c).length + dataset.bad.filter((b) => b.province === 'AH' && b.collection === c).length])),
      );
    } finally {
      await subgraph.close();
    }
  });

  it('with reduceHeap, reduces the heap once after the last first pull and is ready only once it has', async () => {
    const lines: LogLine[] = [];
    const reduction: HeapReduction = { rssBeforeMb: 900, rssAfterMb: 400, heapBeforeMb: 800, heapAfterMb: 300, ms: 500 };
    let reductions = 0;
    let finish: () => void = () => undefined;
    const reduceHeap = () => {
      reductions += 1;
      return new Promise<HeapReduction>((resolve) => (finish = () => resolve(reduction)));
    };
    const { subgraph, held } = await startHeld({ retryMs: 50, progressMs: 1_000, log: (l) => lines.push(l), reduceHeap });
    try {
      await until(async () => {
        const copies = (await ready(subgraph)).body.copies;
        return copies?.bases === 'complete' && copies.warnings === 'complete' && copies.enterprises === 'complete';
      });
      expect(reductions).toBe(0);
      held.release();
      await until(async () => reductions === 1);
      const reducing = await ready(subgraph);
      expect(reducing.status).toBe(503);
      expect(Object.values(reducing.body.copies ?? {})).toEqual(['complete', 'complete', 'complete', 'complete']);
      finish();
      await until(async () => (await ready(subgraph)).status === 200);
      expect(reductions).toBe(1);
      expect(lines.filter((l) => l.msg === 'heap reduced after the first pulls')).toEqual([{ level: 'info', msg: 'heap reduced after the first pulls', service: 'province', province: 'AH', ...reduction }]);
    } finally {
      await subgraph.close();
    }
  });

  it('with reduceHeap, a replica adopting copies from the cache is ready too, while its progress lines end before its last read does', async () => {
    const cache = new InProcessCache();
    const clock = new ManualClock(DATASET_NOW);
    const start = (reduceHeap?: () => Promise<HeapReduction>) =>
      startProvinceSubgraph({
        province: 'SH',
        clock,
        cache,
        reconcile: RECONCILE_OFF,
        auth: testVerifier(),
        adapter: (http) => new SlowAdapter('SH', dataset, http),
        warmStart: { retryMs: 30, progressMs: 1, ...(reduceHeap ? { reduceHeap } : {}) },
      });
    const a = await start();
    try {
      await until(async () => (await ready(a)).status === 200);
      // Copies older than their maximum age: each is adopted (a complete state at once), then re-synced from the system.
      clock.advance(10 * 60_000);
      let reductions = 0;
      const b = await start(async () => {
        reductions += 1;
        return { rssBeforeMb: 1, rssAfterMb: 1, heapBeforeMb: 1, heapAfterMb: 1, ms: 0 };
      });
      try {
        await until(async () => (await ready(b)).status === 200, 5_000);
        expect(reductions).toBe(1);
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  });

  it('a reduction that fails is logged and does not hold readiness', async () => {
    const lines: LogLine[] = [];
    const subgraph = await startProvinceSubgraph({
      province: 'SH',
      clock: new ManualClock(DATASET_NOW),
      reconcile: RECONCILE_OFF,
      auth: testVerifier(),
      adapter: (http) => new DatasetAdapter('SH', dataset, http),
      warmStart: { retryMs: 50, progressMs: 1_000, log: (l) => lines.push(l), reduceHeap: () => Promise.reject(new Error('no inspector')) },
    });
    try {
      await until(async () => (await ready(subgraph)).status === 200);
      expect(lines.filter((l) => l.msg === 'heap not reduced after the first pulls')).toEqual([{ level: 'warn', msg: 'heap not reduced after the first pulls', service: 'province', province: 'SH', error: 'no inspector' }]);
    } finally {
      await subgraph.close();
    }
  });

  it('a copy whose system is down at start is retried until it has a first state; a replica started on a cache holding fresh copies is ready with no legacy call', async () => {
    const cache = new InProcessCache();
    const clock = new ManualClock(DATASET_NOW);
    let first: DatasetAdapter | null = null;
    const start = (made: (a: DatasetAdapter) => void) => startWarming(cache, clock, made);
    const a = await start((x) => {
      x.failure = 'PROVINCE_UNAVAILABLE';
      first = x;
    });
    const down = first as unknown as DatasetAdapter;
    try {
      await until(async () => down.callCount('pull') >= 8);
      expect((await ready(a)).status).toBe(503);
      down.failure = null;
      await until(async () => (await ready(a)).status === 200);
      let second: DatasetAdapter | null = null;
      const b = await start((x) => (second = x));
      try {
        await until(async () => (await ready(b)).status === 200);
        expect((second as unknown as DatasetAdapter).calls).toEqual({});
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  });

  it('a process started on a Redis holding fresh copies adopts them before its Redis client has connected: ready with no legacy call', async () => {
    const redis = await startRedisServer();
    const keyPrefix = `warm-restart-${Date.now()}:`;
    const clock = new ManualClock(DATASET_NOW);
    const caches: SharedCache[] = [];
    const start = (made: (a: DatasetAdapter) => void) => {
      // A fresh client, as in a process that has just started: not awaited, so not connected yet.
      const cache = openSharedCache({ redisUrl: redis.url, keyPrefix });
      caches.push(cache);
      return startWarming(cache, clock, made);
    };
    try {
      let first: DatasetAdapter | null = null;
      const a = await start((x) => (first = x));
      await until(async () => (await ready(a)).status === 200);
      expect(Object.keys((first as unknown as DatasetAdapter).calls).length).toBeGreaterThan(0);
      await a.close();
      let second: DatasetAdapter | null = null;
      const b = await start((x) => (second = x));
      try {
        expect(caches[1].state).not.toBe('up');
        await until(async () => (await ready(b)).status === 200);
        expect((second as unknown as DatasetAdapter).calls).toEqual({});
      } finally {
        await b.close();
      }
    } finally {
      for (const c of caches) await c.close();
      await redis.stop();
    }
  });
});
