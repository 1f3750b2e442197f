import { ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Collection } from '../../adapters/kit/province-adapter';
import { countingLegacyCalls } from './legacy-calls';
import type { ProvinceData } from './province-data';
import type { LegacyCalls } from './province-request';
import type { ReconcileOptions } from './reconcile-config';
import { ReconcileLease } from './reconcile-lease';

/**
 * What one reconciliation did. idle: no copy yet (its first sync will pull everything); counted:
 * the system's total matched the copy; uncounted: the system reports no total (Zhejiang) and its
 * full pull is not due, so nothing was asked; pulled: the collection was pulled in full and what the
 * system no longer holds removed; failed: the system did not answer, and the copy is marked stale;
 * shared: another replica is reconciling the collection or did within the interval, so this one did not.
 */
export type ReconcileStep = 'idle' | 'counted' | 'uncounted' | 'pulled' | 'failed' | 'shared';

export interface ReconcilerOptions {
  data: ProvinceData;
  options: ReconcileOptions;
  /** The legacy calls one reconciliation made: calls the copies' own syncs would not have made. */
  onReconciled?: (collection: Collection, step: ReconcileStep, calls: LegacyCalls) => void;
  /** This replica took (true) or gave back (false) the lease on reconciling the collection. */
  onLease?: (collection: Collection, held: boolean) => void;
}

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
/** The shortest wait before the next attempt, so that a marker about to age never spins the timer. */
const MIN_WAIT_MS = 50;

/**
 * Keeps each copy's membership in step with its system in the background, one collection at a time
 * on its own interval. A collection that fits in one list page is pulled in full (one call, which
 * also refreshes the copy); a larger one is counted with the smallest page, and pulled in full
 * only when the count differs from the copy's or when the last full pull is older than
 * `fullPullEveryMs`. A system that reports no total (Zhejiang) has nothing to compare between two
 * full pulls: its larger collections are pulled in full every `uncountedFullPullEveryMs`, not on
 * every interval (each full pull walks every record, so that a quiet minute would cost in
 * proportion to the collection), and a keyed read it answers "not found" still removes at once. A system that fails is never
 * taken for one that deleted everything: the copy stays, marked stale.
 *
 * Replicas sharing a cache (Redis) share one reconciliation per collection (ReconcileLease): the
 * replica that takes the lease reconciles and leaves a marker, and the others wait for the marker's
 * next due time; a holder that dies is taken over once its lease expires (`leaseMs`). The other
 * replicas drop what it removed at their next sync, from the shared copy and the tombstones.
 */
export class Reconciler {
  private readonly timers = new Map<Collection, NodeJS.Timeout>();
  private readonly lease: ReconcileLease;
  private stopped = false;

  constructor(private readonly o: ReconcilerOptions) {
    const { intervalMs, fullPullEveryMs, uncountedFullPullEveryMs, leaseMs } = o.options;
    const markerMs = 2 * Math.max(fullPullEveryMs, uncountedFullPullEveryMs, ...Object.values(intervalMs), 1);
    this.lease = new ReconcileLease({ cache: o.data.cache, province: o.data.province, leaseMs, markerMs });
  }

  start(): void {
    for (const c of COLLECTIONS) {
      const interval = this.o.options.intervalMs[c];
      if (interval > 0) this.schedule(c, interval);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** One reconciliation of the collection now (unless another replica's is under way or fresh), its legacy calls counted apart from any request's. */
  async reconcile(collection: Collection): Promise<ReconcileStep> {
    return (await this.attempt(collection)).step;
  }

  private async attempt(collection: Collection): Promise<{ step: ReconcileStep; nextInMs: number }> {
    const interval = this.o.options.intervalMs[collection];
    const claim = await this.lease.claim(collection, interval);
    if (claim.kind !== 'mine') {
      this.o.onReconciled?.(collection, 'shared', {});
      const nextInMs = claim.kind === 'held' ? Math.min(this.o.options.leaseMs, interval) : claim.at + interval - Date.now();
      return { step: 'shared', nextInMs };
    }
    const startedAt = Date.now();
    const clockAt = this.o.data.clock.now().getTime();
    this.o.onLease?.(collection, true);
    const calls: LegacyCalls = {};
    let step: ReconcileStep = 'failed';
    try {
      step = await countingLegacyCalls(calls, () => this.step(collection, claim.fullPullAt ?? clockAt));
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError)) throw e;
      this.o.data.replicas[collection].markFailed(e);
    } finally {
      if (step === 'counted' || step === 'uncounted' || step === 'pulled') {
        const fullPullAt = step === 'pulled' ? this.o.data.clock.now().getTime() : (claim.fullPullAt ?? clockAt);
        await this.lease.done(collection, claim.token, { at: startedAt, fullPullAt });
      } else {
        await this.lease.release(collection, claim.token);
      }
      this.o.onLease?.(collection, false);
    }
    this.o.onReconciled?.(collection, step, calls);
    return { step, nextInMs: interval };
  }

  private schedule(collection: Collection, inMs: number): void {
    const timer = setTimeout(
      () => {
        const interval = this.o.options.intervalMs[collection];
        this.attempt(collection)
          .then(
            (a) => a.nextInMs,
            () => interval,
          )
          .then((next) => {
            if (!this.stopped) this.schedule(collection, next);
          });
      },
      Math.max(MIN_WAIT_MS, inMs),
    );
    timer.unref();
    this.timers.set(collection, timer);
  }

  private async step(collection: Collection, lastFullPull: number): Promise<ReconcileStep> {
    const { data, options } = this.o;
    const replica = data.replicas[collection];
    const held = replica.membership();
    if (held === null) return 'idle';
    const sinceFullPull = data.clock.now().getTime() - lastFullPull;
    if (sinceFullPull >= options.fullPullEveryMs || held <= data.adapter.listPageSize) return this.pullAll(collection);
    const total = await data.adapter.count(collection);
    if (total === null) return sinceFullPull >= options.uncountedFullPullEveryMs ? this.pullAll(collection) : 'uncounted';
    const copy = await replica.read();
    if (copy.failure) return 'failed';
    return total === replica.membership() ? 'counted' : this.pullAll(collection);
  }

  private async pullAll(collection: Collection): Promise<ReconcileStep> {
    const copy = await this.o.data.replicas[collection].pullAll();
    return copy.failure ? 'failed' : 'pulled';
  }
}
