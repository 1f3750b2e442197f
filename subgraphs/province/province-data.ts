import type { Clock } from '../../adapters/kit/clock';
import type { Collection, CollectionRecord, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import type { WarningRecord, WaybillRecord } from '../../schema/model';
import { ExactlyOnceMutualAid } from './mutual-aid/exactly-once';
import { inProcessMutualAidStores, type MutualAidStores } from './mutual-aid/stores';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import { legacyKey, type LegacyCache } from '../../adapters/kit/cache/legacy-cache';
import type { CacheOutcome } from '../../adapters/kit/cache/read-through';
import { DEFAULT_CACHE_TTLS, type CacheTtls } from '../../adapters/kit/cache/ttl';
import { CachedReads } from './cached-reads';
import { COLLECTIONS, collectionQuality, type CollectionQualityRow, type QualitySource } from './data-quality';
import { Replica, type RecordChange } from './replica';
import { DEFAULT_RECONCILE, type ReconcileOptions } from './reconcile-config';
import { RemovedRecords } from './removed-records';
import { DEFAULT_HISTORY_WINDOW_MS, waybillWindow, type RecordWindow } from './copy/history-window';

export type { BaseIndex, EnterpriseIndex, IndexOf, WarningIndex, WaybillIndex } from './copy/indexes';

/** How long a copy serves before the next need re-syncs it, per collection. */
export type MaxAges = Record<Collection, number>;

export const DEFAULT_MAX_AGES: Readonly<MaxAges> = { warnings: 5_000, waybills: 10_000, enterprises: 60_000, bases: 60_000 };

/** How long a copy may serve the pages of a pull begun on it: the exchange platform's largest pulls take minutes. */
export const DEFAULT_PULL_WINDOW_MS = 600_000;

/**
 * The sync lease's time to live: its holder renews it every third of it while it syncs, so a first
 * pull of minutes (Anhui's, rate limited) keeps it, and a holder that crashed is taken over after this.
 */
export const DEFAULT_SYNC_LEASE_MS = 15_000;

export interface ProvinceDataOptions {
  adapter: ProvinceAdapter;
  clock: Clock;
  maxAgeMs?: Partial<MaxAges>;
  /**
   * Legacy answers across requests (in process by default; Redis shares them between instances and
   * keeps them over a restart). The replicas keep their copies in it, and keyed reads go through it.
   */
  cache?: LegacyCache;
  /** Freshness per kind and how long stale copies are kept; maxAgeMs wins for the replicas. */
  ttls?: CacheTtls;
  /** How long past its maximum age a copy serves the later pages of a pull started on it (default 10 min). */
  pullWindowMs?: number;
  onCacheOutcome?: (kind: string, outcome: CacheOutcome) => void;
  /** After each successful sync of a collection's copy with the system. */
  onSynced?: (collection: Collection, copy: QualitySource) => void;
  /** After a re-sync that changed warnings the copy held a state for (change detection for subscriptions). */
  onWarningsChanged?: (changes: readonly RecordChange<WarningRecord>[]) => void;
  /** The same for waybills. */
  onWaybillsChanged?: (changes: readonly RecordChange<WaybillRecord>[]) => void;
  /** The mutual-aid journal and locks; default in process. */
  mutualAid?: MutualAidStores;
  /** The waybills the copy keeps: not yet arrived, or departed within this window (default 30 days; 0 keeps all); the others are read by key. */
  historyWindowMs?: number;
  /** The time to live of a copy's sync lease among replicas sharing the cache, renewed while its holder syncs (default 15 s). */
  syncLeaseMs?: number;
  /** How long tombstones are kept (the reconciliation itself runs in Reconciler); default DEFAULT_RECONCILE's. */
  tombstoneRetentionMs?: ReconcileOptions['tombstoneRetentionMs'];
}

/** What one province subgraph process holds across requests: a replica per collection, and mutual-aid requests it sent. */
export class ProvinceData {
  readonly adapter: ProvinceAdapter;
  readonly clock: Clock;
  readonly replicas: { [C in Collection]: Replica<C> };
  readonly cache: LegacyCache;
  /** Keyed reads and tracks through the cache. */
  readonly reads: CachedReads;
  readonly mutualAid: ExactlyOnceMutualAid;
  readonly mutualAidStores: MutualAidStores;
  /** How long each copy serves before the next read re-syncs it (ms). */
  readonly maxAges: Readonly<MaxAges>;
  /** Tombstones of the records the copies removed, for removedRecords: in the cache beside the copies, shared by replicas and kept over a restart. */
  readonly removed: RemovedRecords;

  constructor(options: ProvinceDataOptions) {
    this.adapter = options.adapter;
    this.clock = options.clock;
    this.cache = options.cache ?? new InProcessCache();
    this.removed = new RemovedRecords({
      cache: this.cache,
      key: legacyKey(this.adapter.province, 'removed'),
      retentionMs: options.tombstoneRetentionMs ?? DEFAULT_RECONCILE.tombstoneRetentionMs,
      now: () => this.clock.now().getTime(),
    });
    const base = options.ttls ?? DEFAULT_CACHE_TTLS;
    const { warnings, waybills, enterprises, bases } = options.ttls ? base.freshMs : DEFAULT_MAX_AGES;
    const ages: MaxAges = { warnings, waybills, enterprises, bases, ...options.maxAgeMs };
    this.maxAges = ages;
    const ttls: CacheTtls = { staleMs: base.staleMs, freshMs: { ...base.freshMs, ...ages } };
    const onNotFound = (collection: Collection, sourceIds: readonly string[]): Promise<void> => this.replicas[collection].forget(sourceIds);
    this.reads = new CachedReads({ adapter: this.adapter, cache: this.cache, clock: this.clock, ttls, onOutcome: options.onCacheOutcome, onNotFound });
    const replica = <C extends Collection>(collection: C): Replica<C> =>
      new Replica<C>({
        adapter: this.adapter,
        collection,
        clock: this.clock,
        maxAgeMs: ages[collection],
        pullWindowMs: options.pullWindowMs ?? DEFAULT_PULL_WINDOW_MS,
        shared: { cache: this.cache, key: legacyKey(this.adapter.province, 'replica', collection), keepMs: ttls.staleMs, leaseMs: options.syncLeaseMs ?? DEFAULT_SYNC_LEASE_MS },
        onOutcome: options.onCacheOutcome,
        onSynced: options.onSynced,
        onChanged: (_c: C, changes: readonly RecordChange<CollectionRecord[C]>[]) => {
          if (collection === 'warnings') options.onWarningsChanged?.(changes as readonly RecordChange<WarningRecord>[]);
          if (collection === 'waybills') options.onWaybillsChanged?.(changes as readonly RecordChange<WaybillRecord>[]);
        },
        removed: this.removed,
        window: collection === 'waybills' ? (waybillWindow(options.historyWindowMs ?? DEFAULT_HISTORY_WINDOW_MS) as RecordWindow<CollectionRecord[C]> | undefined) : undefined,
      });
    this.replicas = { warnings: replica('warnings'), enterprises: replica('enterprises'), waybills: replica('waybills'), bases: replica('bases') };
    this.mutualAidStores = options.mutualAid ?? inProcessMutualAidStores();
    const { journal, lock, settleMs, lookbackMs } = this.mutualAidStores;
    this.mutualAid = new ExactlyOnceMutualAid({ adapter: this.adapter, clock: this.clock, journal, lock, settleMs, lookbackMs });
  }

  get province() {
    return this.adapter.province;
  }

  /** Gives back the sync leases this process's replicas hold (it is stopping). */
  async close(): Promise<void> {
    await Promise.all(COLLECTIONS.map((collection) => this.replicas[collection].close()));
  }

  /** The quality of every collection copied so far, as of its last sync; no sync is started. */
  quality(): CollectionQualityRow[] {
    return COLLECTIONS.flatMap((collection) => {
      const copy = this.replicas[collection].peek();
      return copy ? [collectionQuality(this.province, collection, copy)] : [];
    });
  }
}
