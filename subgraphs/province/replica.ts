import type { Clock } from '../../adapters/kit/clock';
import { ProvinceUnavailableError, type LegacyDataIssue } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord, Mapped, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { toBeijingIso } from '../../adapters/kit/beijing-time';
import type { Provenance } from '../../schema/model';
import type { LegacyCache } from '../../adapters/kit/cache/legacy-cache';
import type { CacheOutcome } from '../../adapters/kit/cache/read-through';
import { TYPE_OF_COLLECTION, type RemovedRecords } from './removed-records';
import { traceResync } from './resync-span';

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
  /** When (the subgraph's clock, ms) this copy stops being fresh; 0 for a stale copy. */
  freshUntil: number;
  /** When the copy is as of (the subgraph's clock, ms): its pull's last list request. */
  syncedAt: number;
}

/** Where a replica keeps its copy for other instances of the subgraph and for its own restart. */
export interface SharedCopyOptions {
  cache: LegacyCache;
  key: string;
  /** How long past its maximum age the copy is kept, to be served stale when the system fails. */
  keepMs: number;
}

/** The copy as stored in the shared cache (JSON). */
interface SharedCopy<R> {
  records: R[];
  invalid: LegacyDataIssue[];
  newestUpdate: number | null;
  syncedAt: number;
  fetchedAt: string;
}

export interface ReplicaOptions<C extends Collection, I> {
  adapter: ProvinceAdapter;
  collection: C;
  clock: Clock;
  maxAgeMs: number;
  /** How long past its maximum age a copy still serves the pages after the first of a pull that started on it (or an older copy). */
  pullWindowMs: number;
  index: (records: readonly Served<CollectionRecord[C]>[]) => I;
  shared?: SharedCopyOptions;
  /** hit: served without asking the system; miss: synced; stale: the system failed and the last copy is served. */
  onOutcome?: (collection: C, outcome: CacheOutcome) => void;
  /** After each successful sync with the system, with the new copy. */
  onSynced?: (collection: C, snapshot: Snapshot<CollectionRecord[C], I>) => void;
  /** Where records removed from the copy leave a tombstone, and records that come back lose theirs. */
  removed?: RemovedRecords;
  /** After a sync that changed records the copy already had a state for (never on the first sync): new and changed records. */
  onChanged?: (collection: C, changes: readonly RecordChange<CollectionRecord[C]>[]) => void;
}

/** A record that a sync added (before: null) or changed (another updatedAt). */
export interface RecordChange<R> {
  before: R | null;
  after: R;
}

/** A record that cannot be mapped and whose id cannot be read either: named by its position in one answer. */
const isAnonymous = (sourceId: string): boolean => sourceId.startsWith('(record ');

/**
 * An incrementally synced local copy of one collection of a legacy system: the first need pulls
 * everything, later needs pull what changed since the newest update seen once the copy is older
 * than its maximum age, and concurrent needs share one sync. When a re-sync fails, the previous
 * copy is served marked stale; with no copy, the failure propagates. With a shared cache, a newer
 * copy synced by another instance (or before a restart) is adopted instead of asking the system,
 * and every sync is written back. A full pull (pullAll) also removes what the system no longer
 * holds, and so does a keyed read that the system answers "not found" (forget).
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

  /** The copy as it is, without syncing; null before the first sync. */
  peek(): Snapshot<CollectionRecord[C], I> | null {
    return this.current;
  }

  /**
   * The copy, re-synced first when it is older than its maximum age. `continuing`: the read is for
   * a page after the first of a pull whose pages came from the copy synced then; a copy at least as
   * new serves it without a re-sync while it is within the pull window, so that a pull reads one
   * copy (the next incremental pull picks up what changed meanwhile).
   */
  read(continuing: number | null = null): Promise<Snapshot<CollectionRecord[C], I>> {
    const { clock, maxAgeMs, pullWindowMs } = this.options;
    const age = clock.now().getTime() - this.syncedAt;
    const pullGoesOn = continuing !== null && this.syncedAt >= continuing && age < pullWindowMs;
    if (this.current && !this.current.failure && (age < maxAgeMs || pullGoesOn)) {
      this.options.onOutcome?.(this.options.collection, 'hit');
      return Promise.resolve(this.current);
    }
    if (!this.inflight) this.inflight = this.refresh().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async refresh(): Promise<Snapshot<CollectionRecord[C], I>> {
    const { shared, clock, maxAgeMs, collection, onOutcome } = this.options;
    if (shared) {
      const copy = await shared.cache.get<SharedCopy<CollectionRecord[C]>>(shared.key).catch(() => undefined);
      if (copy && copy.syncedAt > this.syncedAt) {
        await this.adopt(copy);
        if (clock.now().getTime() - copy.syncedAt < maxAgeMs) {
          onOutcome?.(collection, 'hit');
          return this.current as Snapshot<CollectionRecord[C], I>;
        }
      }
    }
    return traceResync(this.options, this.newestUpdate === null ? 'first' : 'incremental', () => this.sync());
  }

  private async adopt(copy: SharedCopy<CollectionRecord[C]>): Promise<void> {
    const kept = new Set(copy.records.map((r) => r.sourceId));
    const gone = [...this.copy.values()].filter((r) => !kept.has(r.sourceId));
    this.copy.clear();
    this.idOfSource.clear();
    this.invalid.clear();
    for (const record of copy.records) {
      this.copy.set(record.id, record);
      this.idOfSource.set(record.sourceId, record.id);
    }
    for (const issue of copy.invalid) this.invalid.set(issue.sourceId, issue);
    this.newestUpdate = copy.newestUpdate;
    this.syncedAt = copy.syncedAt;
    this.fetchedAt = copy.fetchedAt;
    this.current = this.snapshot(null);
    await this.tombstone(gone);
  }

  private async share(): Promise<void> {
    const { shared, maxAgeMs } = this.options;
    if (!shared) return;
    const copy: SharedCopy<CollectionRecord[C]> = {
      records: [...this.copy.values()],
      invalid: [...this.invalid.values()],
      newestUpdate: this.newestUpdate,
      syncedAt: this.syncedAt,
      fetchedAt: this.fetchedAt,
    };
    await shared.cache.set(shared.key, copy, maxAgeMs + shared.keepMs).catch(() => undefined);
  }

  /** How many records, valid or not, the copy holds; null before its first sync. */
  membership(): number | null {
    return this.current ? this.copy.size + this.invalid.size : null;
  }

  /** When the copy is as of (the subgraph's clock, ms). */
  get copiedAt(): number {
    return this.syncedAt;
  }

  /**
   * Pulls the whole collection, after any sync under way, and removes what the system no longer
   * lists once a keyed read confirms it is gone (a list that shifts under its pages can leave a row
   * out). When the system fails the copy stays as it was, marked stale.
   */
  async pullAll(): Promise<Snapshot<CollectionRecord[C], I>> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    this.inflight = traceResync(this.options, 'full', () => this.sync(true)).finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** The system answered a keyed read of these ids with nothing: the copy drops them at once (resolves once their tombstones are kept). */
  async forget(sourceIds: readonly string[]): Promise<void> {
    if (!this.current) return;
    const gone = new Set(sourceIds);
    const records = [...this.copy.values()].filter((r) => gone.has(r.sourceId));
    const invalid = sourceIds.filter((id) => this.invalid.has(id));
    if (records.length === 0 && invalid.length === 0) return;
    this.remove(records, invalid);
    this.current = this.snapshot(this.current.failure);
    void this.share();
    await this.tombstone(records);
  }

  /** A call about the copy failed: it is served marked stale until a sync succeeds. */
  markFailed(failure: ProvinceUnavailableError): void {
    if (!this.current) return;
    this.current = this.snapshot(failure);
    this.options.onOutcome?.(this.options.collection, 'stale');
  }

  private async sync(full = false): Promise<Snapshot<CollectionRecord[C], I>> {
    const { adapter, collection, clock } = this.options;
    const started = clock.now();
    const since = full || this.newestUpdate === null ? null : new Date(this.newestUpdate);
    const baseline = this.current === null;
    try {
      const pulled = await adapter.pull(collection, since);
      const unlisted = full ? await this.unlisted(pulled) : null;
      const changes = this.merge(pulled);
      if (unlisted) changes.push(...this.merge(unlisted.found));
      const removed = unlisted ? [...this.copy.values()].filter((r) => unlisted.gone.has(r.sourceId)) : [];
      this.remove(removed, [...this.invalid.keys()].filter((id) => unlisted?.gone.has(id)));
      await this.tombstone(removed);
      await this.dropTombstoned([...pulled.records, ...(unlisted?.found.records ?? [])]);
      const asOf = pulled.asOf ?? started;
      this.syncedAt = asOf.getTime();
      this.fetchedAt = toBeijingIso(asOf);
      this.current = this.snapshot(null);
      this.options.onOutcome?.(collection, 'miss');
      this.options.onSynced?.(collection, this.current);
      if (!baseline && changes.length > 0) this.options.onChanged?.(collection, changes);
      await this.share();
      return this.current;
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError) || !this.current) throw e;
      this.markFailed(e);
      return this.current;
    }
  }

  private merge(pulled: Mapped<CollectionRecord[C]>): RecordChange<CollectionRecord[C]>[] {
    const changes: RecordChange<CollectionRecord[C]>[] = [];
    for (const record of pulled.records) {
      const before = this.copy.get(record.id) ?? null;
      if (before === null || before.updatedAt !== record.updatedAt) changes.push({ before, after: record });
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
    return changes;
  }

  /** What the copy holds that a full pull did not list: read by key, what the system still has is `found`, the rest `gone`. */
  private async unlisted(pulled: Mapped<CollectionRecord[C]>): Promise<{ found: Mapped<CollectionRecord[C]>; gone: Set<string> }> {
    const listed = new Set([...pulled.records.map((r) => r.sourceId), ...pulled.invalid.map((i) => i.sourceId)]);
    const held = [...[...this.copy.values()].map((r) => r.sourceId), ...this.invalid.keys()];
    const candidates = held.filter((id) => !listed.has(id));
    const named = candidates.filter((id) => !isAnonymous(id));
    const found = named.length > 0 ? await this.options.adapter.get(this.options.collection, named) : { records: [], invalid: [] };
    const still = new Set([...found.records.map((r) => r.sourceId), ...found.invalid.map((i) => i.sourceId)]);
    return { found, gone: new Set(candidates.filter((id) => !still.has(id))) };
  }

  private remove(records: readonly CollectionRecord[C][], invalid: readonly string[]): void {
    for (const r of records) {
      this.copy.delete(r.id);
      this.idOfSource.delete(r.sourceId);
    }
    for (const id of invalid) this.invalid.delete(id);
  }

  /** The records just pulled lose any tombstone; the copy drops what another replica saw removed (an incremental sync never sees it). */
  private async dropTombstoned(pulled: readonly CollectionRecord[C][]): Promise<void> {
    const tombstoned = await this.options.removed?.returned(pulled.map((r) => r.id)).catch(() => undefined);
    if (!tombstoned) return;
    for (const id of tombstoned) {
      const record = this.copy.get(id);
      if (!record) continue;
      this.copy.delete(id);
      this.idOfSource.delete(record.sourceId);
    }
  }

  /** Leaves tombstones of records removed from the copy; a cache that fails loses them rather than the sync. */
  private async tombstone(records: readonly CollectionRecord[C][]): Promise<void> {
    const { removed, adapter, collection, clock } = this.options;
    if (!removed || records.length === 0) return;
    const detectedAt = toBeijingIso(clock.now());
    await removed.add(records.map((r) => ({ id: r.id, type: TYPE_OF_COLLECTION[collection], source: adapter.province, detectedAt }))).catch(() => undefined);
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
      freshUntil: stale ? 0 : this.syncedAt + this.options.maxAgeMs,
      syncedAt: this.syncedAt,
    };
  }
}
