import Redis from 'ioredis';
import { CreditCopy, CreditPlatformClient, type CreditCopyState } from '../../adapters/credit';
import type { ManifestAnswer } from '../../adapters/credit/platform-client';
import { Clock } from '../../adapters/kit/clock';
import { isValidCreditCode } from '../../adapters/kit/credit-code';
import { InProcessCache, ResilientCache, openSharedCache, type SharedCache } from '../../schema/cache';
import { startRedisServer } from '../support/redis-server';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { createCreditSimulator, type CreditQuirks } from '../../simulators/credit';
import { loadDataset } from '../support/test-dataset';
import { expectedLeftOut, expectedSanctions } from '../support/oracle';
import { until } from '../support/until';

const NOW = new Date('2026-07-12T04:00:00Z');
const HOUR = 3600_000;
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const credentials = { user: 'demo-cr', password: 'demo-cr-password' };
const at = (beijing: string): number => Date.parse(`2026-07-12T${beijing}:00+08:00`);

/** The adapter reads the simulator's clock, so that a test moves both at once. */
class SharedClock extends Clock {
  constructor(private readonly sim: SimClock) {
    super();
  }

  override now(): Date {
    return this.sim.now();
  }
}

let simClock: SimClock;
let sim: SimServer<'CR'>;
let clients: CreditPlatformClient[];

async function start(quirks: Partial<CreditQuirks> = {}): Promise<void> {
  simClock = new SimClock(NOW);
  sim = createCreditSimulator({ dataset, clock: simClock, credentials, quirks: { downloadMs: 5, ...quirks } });
  await sim.listen(0);
}

const TUNING = { retries: 2, backoff: { initialMs: 5, maxMs: 20 }, breaker: { consecutiveFailures: 100 } };

function copyOf(options: { cache?: SharedCache; leaseMs?: number; client?: CreditPlatformClient; onPersonRows?: (n: number) => void } = {}): CreditCopy {
  const client = options.client ?? new CreditPlatformClient(sim.url, credentials, TUNING);
  clients.push(client);
  const shared = options.cache ? { shared: { cache: options.cache, keepMs: HOUR, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) } } : {};
  return new CreditCopy({ client, clock: new SharedClock(simClock), maxAgeMs: 60_000, retryMs: 5_000, ...shared, onPersonRows: options.onPersonRows });
}

/** A client whose manifest requests wait until the test lets them go: a sync that takes as long as the test wants. */
class HeldClient extends CreditPlatformClient {
  let: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.let = resolve));
  private enter: () => void = () => undefined;
  /** Resolves once a sync has asked for the manifest. */
  readonly entered = new Promise<void>((resolve) => (this.enter = resolve));
  constructor() {
    super(sim.url, credentials, TUNING);
  }
  override async manifest(etag: string | null): Promise<ManifestAnswer> {
    this.enter();
    await this.gate;
    return super.manifest(etag);
  }
}

const sorted = (state: CreditCopyState): unknown[] => expectedSortOf([...state.copy.byDecision.values()]);
function expectedSortOf<T extends { decidedOn: string; id: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => (a.decidedOn !== b.decidedOn ? (a.decidedOn < b.decidedOn ? 1 : -1) : a.id < b.id ? -1 : 1));
}
const fileDownloads = (): number => sim.calls.snapshot()['GET /credit/v1/aqsc/files/:name'] ?? 0;

beforeEach(() => {
  clients = [];
});
afterEach(async () => {
  for (const c of clients) c.close();
  await sim.close();
});

describe('the credit copy against the oracle', () => {
  it('matches the list after the snapshot and after each delta, persons left out and invalid rows reported by decision number', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    let persons = 0;
    const copy = copyOf({ onPersonRows: (n) => (persons += n) });
    let state = await copy.read();
    expect(state.failure).toBeNull();
    expect(state.copy.asOfMs).toBe(at('12:00'));
    expect(sorted(state)).toEqual(expectedSanctions(dataset, at('12:00')));
    expect([...state.copy.persons].sort()).toEqual(expectedLeftOut(dataset, at('12:00'), 'person'));
    expect(persons).toBeGreaterThanOrEqual(expectedLeftOut(dataset, at('12:00'), 'person').length);
    expect([...state.copy.invalid.keys()].sort()).toEqual(expectedLeftOut(dataset, at('12:00'), 'invalid-code'));
    for (const row of state.copy.invalid.values()) expect(row.reason).toMatch(/wrong check character/);
    for (const r of state.copy.byDecision.values()) expect(isValidCreditCode(r.creditCode)).toBe(true);
    expect(JSON.stringify(state.copy.toData())).not.toMatch(/\*{10}/);
    for (const hour of ['13:00', '14:00', '15:00']) {
      simClock.set(new Date(at(hour) + 1000));
      state = await copy.read();
      expect(state.copy.asOfMs).toBe(at(hour));
      expect(sorted(state)).toEqual(expectedSanctions(dataset, at(hour)));
    }
  });

  it('keeps every quirk of the rows: dates in four forms, lower-case and padded codes, reasons with commas, quotes and line breaks', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const state = await copyOf().read();
    const reasons = [...state.copy.byDecision.values()].map((r) => r.reason);
    for (const c of [',', '"', '\n']) expect(reasons.some((t) => t.includes(c))).toBe(true);
    const codes = new Set(dataset.enterprises.map((e) => e.creditCode).concat(dataset.bases.map((b) => b.creditCode ?? '')));
    for (const r of state.copy.byDecision.values()) expect(codes.has(r.creditCode)).toBe(true);
  });

  it('does not apply a file whose content does not match its hash: the copy stays as it was and is served stale naming CR, and the next sync applies it', async () => {
    await start({ lateMs: 0 });
    const copy = copyOf();
    let state = await copy.read();
    expect(state.failure).toMatchObject({ province: 'CR', code: 'PROVINCE_UNAVAILABLE' });
    expect(state.failure?.message).toMatch(/aqsc-delta-2026071204\.csv\.gz.*sha256/);
    expect(state.copy.asOfMs).toBe(at('03:00'));
    expect(sorted(state)).toEqual(expectedSanctions(dataset, at('03:00')));
    simClock.advance(5_000);
    state = await copy.read();
    expect(state.failure?.message).toMatch(/aqsc-delta-2026071209\.csv\.gz.*sha256/);
    expect(state.copy.asOfMs).toBe(at('08:00'));
    expect(sorted(state)).toEqual(expectedSanctions(dataset, at('08:00')));
    simClock.advance(5_000);
    state = await copy.read();
    expect(state.failure).toBeNull();
    expect(state.copy.asOfMs).toBe(at('12:00'));
  });

  it('waits for a delta listed before its file exists (404), applying those before it, and applies it on a later sync', async () => {
    await start({ corruptFirstDownload: false });
    const copy = copyOf();
    let state = await copy.read();
    expect(state.failure).toBeNull();
    expect(state.copy.asOfMs).toBe(at('11:00'));
    expect(sorted(state)).toEqual(expectedSanctions(dataset, at('11:00')));
    simClock.advance(61_000);
    state = await copy.read();
    expect(state.copy.asOfMs).toBe(at('12:00'));
    expect(sorted(state)).toEqual(expectedSanctions(dataset, at('12:00')));
  });

  it('asks the manifest with If-None-Match and downloads nothing when it has not changed', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const copy = copyOf();
    await copy.read();
    const downloads = fileDownloads();
    simClock.advance(120_000);
    await copy.read();
    expect(fileDownloads()).toBe(downloads);
    expect(sim.calls.snapshot()['GET /credit/v1/aqsc/manifest.json']).toBe(2);
  });

  it('downloads at most 2 files at once, so the platform never answers 429', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false, downloadMs: 30 });
    await copyOf().read();
    expect(sim.rateLimited.total()).toBe(0);
  });

  it('honours the platform’s 429 and Retry-After when a client downloads more than 2 files at once', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false, downloadMs: 100 });
    const eager = new CreditPlatformClient(sim.url, credentials, { rateLimit: { perSecond: 50, concurrency: 3 }, retries: 3, backoff: { initialMs: 5, maxMs: 20 } });
    clients.push(eager);
    const answer = await eager.manifest(null);
    if (answer.unchanged) throw new Error('a first manifest cannot be unchanged');
    const names = [answer.manifest.full, ...answer.manifest.deltas].slice(0, 3).map((f) => f.name);
    const byteCount = async (body: AsyncIterable<Buffer>): Promise<number> => {
      let bytes = 0;
      for await (const chunk of body) bytes += chunk.length;
      return bytes;
    };
    const sizes = await Promise.all(names.map((n) => eager.download(n, byteCount)));
    expect(sizes.every((bytes) => bytes !== null && bytes > 0)).toBe(true);
    expect(sim.rateLimited.total()).toBeGreaterThan(0);
  });

  it('serves the last good copy stale, naming CR, when the platform is down', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const copy = copyOf();
    const good = await copy.read();
    sim.faults.set({ down: true });
    simClock.advance(3 * HOUR);
    const state = await copy.read();
    expect(state.failure).toMatchObject({ province: 'CR' });
    expect(state.copy).toBe(good.copy);
  });

  it('replaces the copy with a new snapshot: the next day starts from its file', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const copy = copyOf();
    await copy.read();
    const nextCut = Date.parse('2026-07-13T02:00:00+08:00');
    simClock.set(new Date(nextCut + 1000));
    const state = await copy.read();
    expect(state.copy.snapshot).toBe('aqsc-full-20260713.csv.gz');
    expect(state.copy.applied).toEqual(['aqsc-full-20260713.csv.gz']);
    expect(sorted(state)).toEqual(expectedSanctions(dataset, nextCut));
  });

  it('never shows a reader half a delta: every state a reader sees during a sync is the list at that state’s asOf', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const copy = copyOf();
    await copy.read();
    simClock.set(new Date(at('18:00') + 1000));
    const seen: CreditCopyState[] = [];
    let syncing = true;
    const reader = (async () => {
      while (syncing) {
        seen.push(copy.current);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await copy.read();
    syncing = false;
    await reader;
    const asOfs = new Set(seen.map((s) => s.copy.asOfMs));
    expect(asOfs.size).toBeGreaterThan(2);
    for (const s of new Set(seen)) expect(sorted(s)).toEqual(expectedSanctions(dataset, s.copy.asOfMs));
  });

  it('shares one download between replicas through the shared cache', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const cache = new InProcessCache({ maxEntries: 10 });
    const first = await copyOf({ cache }).read();
    const downloads = fileDownloads();
    const second = await copyOf({ cache }).read();
    expect(fileDownloads()).toBe(downloads);
    expect(sorted(second)).toEqual(sorted(first));
  });

  it('lets one of several replicas that sync at once download, the others waiting for its copy', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false, downloadMs: 20 });
    const cache = new InProcessCache({ maxEntries: 10 });
    const states = await Promise.all([0, 1, 2].map(() => copyOf({ cache }).read()));
    expect(sim.calls.snapshot()['GET /credit/v1/aqsc/manifest.json']).toBe(1);
    expect(fileDownloads()).toBe(states[0].copy.applied.length);
    for (const s of states) expect(sorted(s)).toEqual(sorted(states[0]));
  });

  it('syncs itself when the replica holding the lease fails to bring a copy', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const cache = new InProcessCache({ maxEntries: 10 });
    const holder = await cache.lease('legacy:CR:sanctions:sync-lease', 200);
    expect(holder).not.toBeNull();
    const startedAt = Date.now();
    const state = await copyOf({ cache }).read();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(150);
    expect(state.failure).toBeNull();
    expect(sorted(state)).toEqual(expectedSanctions(dataset, state.copy.asOfMs));
  });

  it('shares one download between replicas through Redis (REDIS_URL)', async () => {
    await start({ lateMs: 0, corruptFirstDownload: false });
    const redis = await startRedisServer();
    const caches = [0, 1].map(() => openSharedCache({ redisUrl: redis.url, keyPrefix: 'credit-test:' }));
    try {
      for (const cache of caches) if (cache instanceof ResilientCache) expect(await cache.remote.ready(5000)).toBe(true);
      const [first, second] = await Promise.all(caches.map((cache) => copyOf({ cache }).read()));
      expect(sim.calls.snapshot()['GET /credit/v1/aqsc/manifest.json']).toBe(1);
      expect(fileDownloads()).toBe(first.copy.applied.length);
      expect(sorted(second)).toEqual(sorted(first));
    } finally {
      for (const c of caches) await c.close();
      await redis.stop();
    }
  });

  describe('the sync lease on Redis', () => {
    const LEASE = 300;
    const LEASE_KEY = 'credit-test:legacy:CR:sanctions:sync-lease';
    const manifests = (): number => sim.calls.snapshot()['GET /credit/v1/aqsc/manifest.json'] ?? 0;

    async function onRedis(run: (caches: ResilientCache[], admin: Redis) => Promise<void>): Promise<void> {
      const redis = await startRedisServer();
      const caches = [0, 1].map(() => openSharedCache({ redisUrl: redis.url, keyPrefix: 'credit-test:' }) as ResilientCache);
      const admin = new Redis(redis.url);
      try {
        for (const cache of caches) expect(await cache.remote.ready(5000)).toBe(true);
        await run(caches, admin);
      } finally {
        admin.disconnect();
        for (const c of caches) await c.close();
        await redis.stop();
      }
    }

    it('is renewed while a sync outlasts its time to live: a waiting replica adopts that sync\'s copy instead of syncing again', async () => {
      await start({ lateMs: 0, corruptFirstDownload: false });
      await onRedis(async ([holderCache, waiterCache]) => {
        const renewals = jest.spyOn(holderCache, 'renew');
        const held = new HeldClient();
        const holding = copyOf({ cache: holderCache, leaseMs: LEASE, client: held }).read();
        await held.entered;
        const waiting = copyOf({ cache: waiterCache, leaseMs: LEASE }).read();
        // Two lease times pass with the holder's sync held (six renewals), unless the waiter syncs first.
        await until(() => renewals.mock.calls.length >= 6 || manifests() > 0);
        expect(manifests()).toBe(0);
        held.let();
        const [first, second] = await Promise.all([holding, waiting]);
        expect(manifests()).toBe(1);
        expect(sorted(second)).toEqual(sorted(first));
      });
    });

    it('is given back when the replica holding it closes mid-sync, so that another need not wait for it to run out', async () => {
      await start({ lateMs: 0, corruptFirstDownload: false });
      await onRedis(async ([holderCache], admin) => {
        const held = new HeldClient();
        const holder = copyOf({ cache: holderCache, leaseMs: 30_000, client: held });
        const holding = holder.read().catch(() => undefined);
        await held.entered;
        expect(await admin.exists(LEASE_KEY)).toBe(1);
        await holder.close();
        expect(await admin.exists(LEASE_KEY)).toBe(0);
        held.let();
        await holding;
      });
    });
  });
});
