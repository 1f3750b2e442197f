import { ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord, Mapped, Pulled } from '../../adapters/kit/province-adapter';
import { toBeijingIso } from '../../adapters/kit/beijing-time';
import { TYPE_OF_COLLECTION } from './removed-records';
import { isAnotherVersion } from './record-version';
import { traceResync } from './resync-span';
import { CopyState } from './copy/copy-state';
import { applyOps, type CopyOp } from './copy/copy-log';
import { CopySharing, type SharedUpdate } from './copy/copy-sharing';
import { INDEX_RULES, type IndexOf, type StoredIndex } from './copy/indexes';
import { CopySnapshot } from './copy/snapshot';
import { unlistedRecords } from './copy/unlisted';
import { compact } from './copy/compact-record';

import type { Snapshot } from './copy/snapshot';
import type { RecordChange, ReplicaOptions } from './copy/replica-options';

export type { Served } from './copy/indexes';
export type { Snapshot };
export type { RecordChange, ReplicaOptions, SharedCopyOptions } from './copy/replica-options';

type State<C extends Collection> = CopyState<CollectionRecord[C], StoredIndex<CollectionRecord[C]>>;
type SnapshotOf<C extends Collection> = Snapshot<CollectionRecord[C], IndexOf[C]>;

/**
 * An incrementally synced local copy of one collection of a legacy system: the first need pulls
 * everything, later needs pull what changed since the newest update seen once the copy is older
 * than its maximum age, and concurrent needs share one sync. When a re-sync fails, the previous
 * copy is served marked stale; with no copy, the failure propagates. With a shared cache, a newer
 * copy synced by another instance (or before a restart) is adopted instead of asking the system,
 * and every sync is written back. A full pull (pullAll) also removes what the system no longer
 * holds, and so does a keyed read that the system answers "not found" (forget).
 *
 * The copy is an immutable CopyState: a re-sync that brings k records makes the next state in
 * O(k log n) and publishes it in one assignment, so a reader holds the old state or the new one.
 */
export class Replica<C extends Collection> {
  private state: State<C>;
  private newestUpdate: number | null = null;
  private syncedAt = Number.NEGATIVE_INFINITY;
  private fetchedAt = '';
  private current: SnapshotOf<C> | null = null;
  private inflight: Promise<SnapshotOf<C>> | null = null;
  private readonly sharing: CopySharing<CollectionRecord[C]> | null;
  /** What changed since the shared copy was last written, in order. */
  private pending: CopyOp<CollectionRecord[C]>[] = [];
  /** Records the system holds outside the copy's window (counted in membership, as of the last full pull and the evictions since). */
  private outside = 0;

  constructor(private readonly options: ReplicaOptions<C>) {
    this.state = CopyState.empty(INDEX_RULES[options.collection]);
    const shared = options.shared;
    this.sharing = shared ? new CopySharing({ cache: shared.cache, key: shared.key, keepMs: options.maxAgeMs + shared.keepMs, leaseMs: shared.leaseMs }) : null;
  }

  /** The copy as it is, without syncing; null before the first sync. */
  peek(): SnapshotOf<C> | null {
    return this.current;
  }

  /**
   * The copy, re-synced first when it is older than its maximum age. `continuing`: the read is for
   * a page after the first of a pull whose pages came from the copy synced then; a copy at least as
   * new serves it without a re-sync while it is within the pull window, so that a pull reads one
   * copy (the next incremental pull picks up what changed meanwhile). `freshWithinMs`: a reader
   * that wants the copy fresher than its maximum age (the change feeds, CHANGE_FEED_MAX_AGE_MS).
   */
  read(continuing: number | null = null, freshWithinMs: number | null = null): Promise<SnapshotOf<C>> {
    const { clock, pullWindowMs } = this.options;
    const maxAgeMs = freshWithinMs === null ? this.options.maxAgeMs : Math.min(freshWithinMs, this.options.maxAgeMs);
    const age = clock.now().getTime() - this.syncedAt;
    const pullGoesOn = continuing !== null && this.syncedAt >= continuing && age < pullWindowMs;
    if (this.current && !this.current.failure && (age < maxAgeMs || pullGoesOn)) {
      this.options.onOutcome?.(this.options.collection, 'hit');
      return Promise.resolve(this.current);
    }
    if (!this.inflight) this.inflight = this.refresh(maxAgeMs).finally(() => (this.inflight = null));
    return this.inflight;
  }

  /**
   * With a shared copy: adopts a fresh one if another replica (or this one before a restart) wrote
   * it; else syncs under the copy's lease, or, while another replica holds the lease, waits for
   * what its sync writes. The holder renews its lease while it syncs, however long that takes (a
   * first pull of Anhui's is minutes); one that died loses it within the lease's short time to
   * live, and a waiter then takes it.
   */
  private async refresh(maxAgeMs: number): Promise<SnapshotOf<C>> {
    const sharing = this.sharing;
    if (!sharing) return this.sync();
    for (;;) {
      if (await this.adoptShared(sharing, maxAgeMs)) return this.current as SnapshotOf<C>;
      const token = await sharing.lease();
      if (token !== null) {
        try {
          return (await this.adoptShared(sharing, maxAgeMs)) ? (this.current as SnapshotOf<C>) : await this.sync();
        } finally {
          void sharing.release(token);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, sharing.pollMs));
    }
  }

  /** Adopts a newer shared copy; true when it is fresh (younger than `maxAgeMs`; served as a hit). */
  private async adoptShared(sharing: CopySharing<CollectionRecord[C]>, maxAgeMs: number): Promise<boolean> {
    const { clock, collection, onOutcome } = this.options;
    const update = await sharing.newer(this.syncedAt);
    if (update) await this.adopt(update);
    if (!this.current || this.current.failure || clock.now().getTime() - this.syncedAt >= maxAgeMs) return false;
    if (!update) return false;
    onOutcome?.(collection, 'hit');
    return true;
  }

  /** Takes a newer shared copy; the changes another replica's sync logged are announced as if this one had made them. */
  private async adopt(update: SharedUpdate<CollectionRecord[C]>): Promise<void> {
    const before = this.state;
    const held = this.current !== null;
    const base = update.reset ? CopyState.of(INDEX_RULES[this.options.collection], update.reset.records, update.reset.invalid) : this.state;
    this.state = applyOps(base, update.ops);
    ({ newestUpdate: this.newestUpdate, syncedAt: this.syncedAt, fetchedAt: this.fetchedAt } = update.clock);
    this.current = this.snapshot(null);
    if (update.reset) await this.tombstone([...before.records.values()].filter((r) => this.state.bySource(r.sourceId) === undefined));
    const changes = update.ops.flatMap((op) => ('put' in op && before.records.get(op.put.id)?.updatedAt !== op.put.updatedAt ? [{ before: before.records.get(op.put.id) ?? null, after: op.put }] : []));
    if (held && !update.reset && changes.length > 0) this.options.onChanged?.(this.options.collection, changes);
  }

  private async share(): Promise<void> {
    if (!this.sharing) return;
    const ops = this.pending;
    this.pending = [];
    await this.sharing.write(this.state, ops, { newestUpdate: this.newestUpdate, syncedAt: this.syncedAt, fetchedAt: this.fetchedAt }, this.options.clock.now().getTime());
  }

  /** The process stops: the sync lease this replica holds is given back, so that another replica need not wait for it to run out. */
  async close(): Promise<void> {
    await this.sharing?.close();
  }

  /** How many records, valid or not, the copy holds; null before its first sync. */
  membership(): number | null {
    return this.current ? this.state.membership + this.outside : null;
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
  async pullAll(): Promise<SnapshotOf<C>> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    this.inflight = this.sync(true).finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** The system answered a keyed read of these ids with nothing: the copy drops them at once (resolves once their tombstones are kept). */
  async forget(sourceIds: readonly string[]): Promise<void> {
    if (!this.current) return;
    const records = sourceIds.flatMap((id) => this.state.bySource(id) ?? []);
    const invalid = sourceIds.filter((id) => this.state.invalid.has(id));
    if (records.length === 0 && invalid.length === 0) return;
    this.remove(records, invalid);
    this.current = this.snapshot(this.current.failure);
    await this.tombstone(records);
  }

  /** A call about the copy failed: it is served marked stale until a sync succeeds. */
  markFailed(failure: ProvinceUnavailableError): void {
    if (!this.current) return;
    this.current = this.snapshot(failure);
    this.options.onOutcome?.(this.options.collection, 'stale');
  }

  private sync(full = false): Promise<SnapshotOf<C>> {
    return traceResync(this.options, full ? 'full' : this.newestUpdate === null ? 'first' : 'incremental', () => this.pull(full));
  }

  private async pull(full: boolean): Promise<SnapshotOf<C>> {
    const { adapter, collection, clock } = this.options;
    const started = clock.now();
    const since = full || this.newestUpdate === null ? null : new Date(this.newestUpdate);
    const baseline = this.current === null;
    try {
      const pulled = await adapter.pull(collection, since);
      const unlisted = full ? await unlistedRecords(this.options.adapter, this.options.collection, this.state, pulled) : null;
      const changes = this.merge(this.windowed(pulled, since === null));
      if (unlisted) changes.push(...this.merge(this.windowed(unlisted.found, false)));
      this.evictExpired();
      const removed = unlisted ? [...unlisted.gone].flatMap((id) => this.state.bySource(id) ?? []) : [];
      this.remove(removed, [...(unlisted?.gone ?? [])].filter((id) => this.state.invalid.has(id)));
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
    if (this.state.membership === 0) {
      this.state = CopyState.of(INDEX_RULES[this.options.collection], pulled.records.map(compact), pulled.invalid);
      for (const record of this.state.records.values()) changes.push({ before: null, after: record });
      if (this.sharing) this.pending.push(...changes.map((c) => ({ put: c.after })), ...[...this.state.invalid.values()].map((invalid) => ({ invalid })));
      this.newestUpdate = pulled.records.reduce<number | null>((t, r) => Math.max(t ?? Number.NEGATIVE_INFINITY, Date.parse(r.updatedAt)), this.newestUpdate);
      return changes;
    }
    for (const record of pulled.records) {
      const before = this.state.records.get(record.id) ?? null;
      if (before === null || isAnotherVersion(before, record)) changes.push({ before, after: record });
      this.apply({ put: record });
      const t = Date.parse(record.updatedAt);
      if (this.newestUpdate === null || t > this.newestUpdate) this.newestUpdate = t;
    }
    for (const issue of pulled.invalid) this.apply({ invalid: issue });
    return changes;
  }

  /** The pulled records the window keeps; the held ones it does not leave the copy (not deleted: read by key). */
  private windowed(pulled: Pulled<CollectionRecord[C]>, full: boolean): Pulled<CollectionRecord[C]> {
    const window = this.options.window;
    if (!window) return pulled;
    const now = this.options.clock.now().getTime();
    const left = pulled.records.filter((r) => !window.keeps(r, now));
    if (full) this.outside = 0;
    for (const r of left) {
      this.newestUpdate = Math.max(this.newestUpdate ?? Number.NEGATIVE_INFINITY, Date.parse(r.updatedAt));
      if (full || this.state.records.has(r.id)) this.outside += 1;
      this.apply({ drop: r.id });
    }
    return left.length === 0 ? pulled : { ...pulled, records: pulled.records.filter((r) => window.keeps(r, now)) };
  }

  /** Kept records that have left the window since: found from the index, so this costs what leaves. */
  private evictExpired(): void {
    const expired = this.options.window?.expired(this.state.index, this.options.clock.now().getTime()) ?? [];
    for (const id of expired) this.apply({ drop: id });
    this.outside += expired.length;
  }

  private remove(records: readonly CollectionRecord[C][], invalid: readonly string[]): void {
    for (const r of records) this.apply({ drop: r.id });
    for (const id of invalid) this.apply({ dropInvalid: id });
  }

  /** The records just pulled lose any tombstone; the copy drops what another replica saw removed (an incremental sync never sees it). */
  private async dropTombstoned(pulled: readonly CollectionRecord[C][]): Promise<void> {
    const tombstoned = await this.options.removed?.returned(pulled.map((r) => r.id)).catch(() => undefined);
    if (!tombstoned) return;
    for (const id of tombstoned) this.apply({ drop: id });
  }

  /** One change to the copy, kept for the shared copy's log when it changed anything. */
  private apply(op: CopyOp<CollectionRecord[C]>): void {
    const next = applyOps(this.state, [op]);
    if (next === this.state) return;
    this.state = next;
    if (this.sharing) this.pending.push(op);
  }

  /** Leaves tombstones of records removed from the copy; a cache that fails loses them rather than the sync. */
  private async tombstone(records: readonly CollectionRecord[C][]): Promise<void> {
    const { removed, adapter, collection, clock } = this.options;
    if (!removed || records.length === 0) return;
    const detectedAt = toBeijingIso(clock.now());
    await removed.add(records.map((r) => ({ id: r.id, type: TYPE_OF_COLLECTION[collection], source: adapter.province, detectedAt }))).catch(() => undefined);
  }

  private snapshot(failure: ProvinceUnavailableError | null): SnapshotOf<C> {
    const { adapter, collection, maxAgeMs } = this.options;
    const freshUntil = failure !== null ? 0 : this.syncedAt + maxAgeMs;
    return new CopySnapshot(collection, this.state, { province: adapter.province, system: adapter.system, fetchedAt: this.fetchedAt, failure, freshUntil, syncedAt: this.syncedAt });
  }
}
