import type { Clock } from '../../adapters/kit/clock';
import { ProvinceUnavailableError, type LegacyDataIssue } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { toBeijingIso } from '../../adapters/kit/beijing-time';
import type { Provenance } from '../../schema/model';

/** A record as served: the contract record and where it came from. */
export type Served<T> = T & { provenance: Provenance };

/** One consistent state of a replica: its records, indexes, invalid records and freshness. */
export interface Snapshot<T, I> {
  records: readonly Served<T>[];
  byId: ReadonlyMap<string, Served<T>>;
  index: I;
  /** Records the system holds but the adapter could not map, by legacy id. */
  invalid: ReadonlyMap<string, LegacyDataIssue>;
  /** Set when the last re-sync failed and this is the previous copy. */
  failure: ProvinceUnavailableError | null;
}

export interface ReplicaOptions<C extends Collection, I> {
  adapter: ProvinceAdapter;
  collection: C;
  clock: Clock;
  maxAgeMs: number;
  index: (records: readonly Served<CollectionRecord[C]>[]) => I;
}

/**
 * An incrementally synced local copy of one collection of a legacy system: the first need pulls
 * everything, later needs pull what changed since the newest update seen once the copy is older
 * than its maximum age, and concurrent needs share one sync. When a re-sync fails, the previous
 * copy is served marked stale; with no copy, the failure propagates.
 */
export class Replica<C extends Collection, I> {
  private readonly copy = new Map<string, CollectionRecord[C]>();
  private readonly idOfSource = new Map<string, string>();
  private readonly invalid = new Map<string, LegacyDataIssue>();
  private newestUpdate: number | null = null;
  private syncedAt = Number.NEGATIVE_INFINITY;
  private fetchedAt = '';
  private current: Snapshot<CollectionRecord[C], I> | null = null;
  private inflight: Promise<Snapshot<CollectionRecord[C], I>> | null = null;

  constructor(private readonly options: ReplicaOptions<C, I>) {}

  read(): Promise<Snapshot<CollectionRecord[C], I>> {
    const { clock, maxAgeMs } = this.options;
    if (this.current && !this.current.failure && clock.now().getTime() - this.syncedAt < maxAgeMs) return Promise.resolve(this.current);
    if (!this.inflight) this.inflight = this.sync().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async sync(): Promise<Snapshot<CollectionRecord[C], I>> {
    const { adapter, collection, clock } = this.options;
    const started = clock.now();
    const since = this.newestUpdate === null ? null : new Date(this.newestUpdate);
    try {
      const pulled = await adapter.pull(collection, since);
      for (const record of pulled.records) {
        this.copy.set(record.id, record);
        this.idOfSource.set(record.sourceId, record.id);
        this.invalid.delete(record.sourceId);
        const t = Date.parse(record.updatedAt);
        if (this.newestUpdate === null || t > this.newestUpdate) this.newestUpdate = t;
      }
      for (const issue of pulled.invalid) {
        const id = this.idOfSource.get(issue.sourceId);
        if (id !== undefined) this.copy.delete(id);
        this.invalid.set(issue.sourceId, issue);
      }
      this.syncedAt = started.getTime();
      this.fetchedAt = toBeijingIso(started);
      this.current = this.snapshot(null);
      return this.current;
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError) || !this.current) throw e;
      this.current = this.snapshot(e);
      return this.current;
    }
  }

  private snapshot(failure: ProvinceUnavailableError | null): Snapshot<CollectionRecord[C], I> {
    const { adapter } = this.options;
    const stale = failure !== null;
    const records = [...this.copy.values()].map(
      (r): Served<CollectionRecord[C]> => ({
        ...r,
        provenance: { province: adapter.province, system: adapter.system, sourceId: r.sourceId, fetchedAt: this.fetchedAt, stale },
      }),
    );
    return {
      records,
      byId: new Map(records.map((r) => [r.id, r])),
      index: this.options.index(records),
      invalid: new Map(this.invalid),
      failure,
    };
  }
}
