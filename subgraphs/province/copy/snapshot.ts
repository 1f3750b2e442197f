import type { LegacyDataIssue, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { Collection, CollectionRecord } from '../../../adapters/kit/province-adapter';
import type { Provenance } from '../../../schema/model';
import type { SortKey } from '../../../schema/cursor';
import type { CopyState } from './copy-state';
import { CONNECTION_ORDER, orderString } from './connection-order';
import type { Grouping } from './persistent-map';
import { INDEX_VIEWS, type IndexOf, type Lookup, type Served, type StoredIndex } from './indexes';

/** One consistent state of a replica: its records, indexes, invalid records and freshness. */
export interface Snapshot<T, I> {
  /**
   * Every record as the copy keeps it (without provenance), in id order (the list is built on first
   * use, once per snapshot): filter or sort these, and serve only what is answered.
   */
  readonly records: readonly T[];
  /** The record as served, with this snapshot's provenance: a new object per call, held by no one but the caller. */
  serve(record: T): Served<T>;
  readonly byId: Lookup<Served<T>>;
  readonly index: I;
  /** Records the system holds but the adapter could not map, by legacy id. */
  readonly invalid: ReadonlyMap<string, LegacyDataIssue>;
  /** Set when the last re-sync failed and this is the previous copy. */
  readonly failure: ProvinceUnavailableError | null;
  /** When (the subgraph's clock, ms) this copy stops being fresh; 0 for a stale copy. */
  readonly freshUntil: number;
  /** When the copy is as of (the subgraph's clock, ms): its pull's last list request. */
  readonly syncedAt: number;
  /** How many records (mapped ones). */
  readonly size: number;
  /**
   * The records in the connection's default order strictly after the `after` key (from the start
   * when null), read from the ordered index in O(log n) to the first; null when that index cannot
   * answer exactly (a record or the key it cannot order), and the records are to be sorted. With
   * `matches`, only the records it keeps, tested as kept (the others are never served).
   */
  inOrder(after: SortKey | null, matches?: (record: T) => boolean): Iterable<Served<T>> | null;
  /** How many records `matches` keeps, in one pass over the kept records (none is served). */
  count(matches: (record: T) => boolean): number;
  /** The same object for snapshots of the same records (only freshness or failure differ): what is derived from the records can be kept by it. */
  readonly contents: object;
}

/** What a snapshot says about where its records come from. */
export interface SnapshotOrigin {
  province: Provenance['province'];
  system: string;
  fetchedAt: string;
  failure: ProvinceUnavailableError | null;
  freshUntil: number;
  syncedAt: number;
}

/**
 * A read-only view of one copy state, with the provenance of the sync it comes from. Records get
 * their provenance when a reader is given them (a served form per answer, never kept), so that
 * making a snapshot costs O(1) whatever the size of the copy and the copy holds no second form of
 * its records.
 */
export class CopySnapshot<C extends Collection> implements Snapshot<CollectionRecord[C], IndexOf[C]> {
  readonly byId: Lookup<Served<CollectionRecord[C]>>;
  readonly index: IndexOf[C];
  readonly invalid: ReadonlyMap<string, LegacyDataIssue>;
  readonly failure: ProvinceUnavailableError | null;
  readonly freshUntil: number;
  readonly syncedAt: number;
  private all: CollectionRecord[C][] | null = null;

  constructor(
    private readonly collection: C,
    readonly state: CopyState<CollectionRecord[C], StoredIndex<CollectionRecord[C]>>,
    private readonly origin: SnapshotOrigin,
  ) {
    this.failure = origin.failure;
    this.freshUntil = origin.freshUntil;
    this.syncedAt = origin.syncedAt;
    this.invalid = state.invalid;
    const serve = this.serve;
    const records = state.records;
    this.byId = {
      get: (id) => {
        const r = records.get(id);
        return r && serve(r);
      },
      has: (id) => records.has(id),
      *values() {
        for (const r of records.values()) yield serve(r);
      },
    };
    this.index = INDEX_VIEWS[collection](state.index, serve);
  }

  get contents(): object {
    return this.state;
  }

  get size(): number {
    return this.state.records.size;
  }

  inOrder(after: SortKey | null, matches?: (record: CollectionRecord[C]) => boolean): Iterable<Served<CollectionRecord[C]>> | null {
    const { records, index } = this.state;
    const inOrder: Pick<Grouping<CollectionRecord[C]>, 'valuesAfter'> = index.inOrder ?? records;
    const unordered: Grouping<CollectionRecord[C]> | undefined = index.unordered;
    if (unordered !== undefined && unordered.size > 0) return null;
    const from = after === null ? null : orderString(CONNECTION_ORDER[this.collection].order, after);
    if (after !== null && from === null) return null;
    const serve = this.serve;
    return (function* () {
      for (const record of inOrder.valuesAfter(from)) if (matches === undefined || matches(record)) yield serve(record);
    })();
  }

  count(matches: (record: CollectionRecord[C]) => boolean): number {
    let n = 0;
    for (const record of this.state.records.values()) if (matches(record)) n += 1;
    return n;
  }

  get records(): readonly CollectionRecord[C][] {
    this.all ??= Array.from(this.state.records.values());
    return this.all;
  }

  readonly serve = (record: CollectionRecord[C]): Served<CollectionRecord[C]> => {
    const { province, system, fetchedAt, failure } = this.origin;
    const provenance: Provenance = { province, system, sourceId: record.sourceId, fetchedAt, stale: failure !== null };
    return { ...record, provenance };
  };
}
