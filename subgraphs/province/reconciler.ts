import { ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { Collection } from '../../adapters/kit/province-adapter';
import { countingLegacyCalls } from './legacy-calls';
import type { ProvinceData } from './province-data';
import type { LegacyCalls } from './province-request';
import type { ReconcileOptions } from './reconcile-config';

/**
 * What one reconciliation did. idle: no copy yet (its first sync will pull everything); counted:
 * the system's total matched the copy; pulled: the collection was pulled in full and what the system
 * no longer holds removed; failed: the system did not answer, and the copy is marked stale.
 */
export type ReconcileStep = 'idle' | 'counted' | 'pulled' | 'failed';

export interface ReconcilerOptions {
  data: ProvinceData;
  options: ReconcileOptions;
  /** The legacy calls one reconciliation made: calls the copies' own syncs would not have made. */
  onReconciled?: (collection: Collection, step: ReconcileStep, calls: LegacyCalls) => void;
}

const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

/**
 * Keeps each copy's membership in step with its system in the background, one collection at a time
 * on its own interval. A collection that fits in one list page is pulled in full (one call, which
 * also refreshes the copy); a larger one is counted with the smallest page, and pulled in full
 * only when the count differs from the copy's, when the system reports no total (Zhejiang), or
 * when the last full pull is older than `fullPullEveryMs`. A system that fails is never taken for
 * one that deleted everything: the copy stays, marked stale.
 */
export class Reconciler {
  private readonly timers = new Map<Collection, NodeJS.Timeout>();
  private readonly lastFullPull = new Map<Collection, number>();
  private stopped = false;

  constructor(private readonly o: ReconcilerOptions) {}

  start(): void {
    for (const c of COLLECTIONS) if (this.o.options.intervalMs[c] > 0) this.schedule(c);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** One reconciliation of the collection now, its legacy calls counted apart from any request's. */
  async reconcile(collection: Collection): Promise<ReconcileStep> {
    const calls: LegacyCalls = {};
    let step: ReconcileStep;
    try {
      step = await countingLegacyCalls(calls, () => this.step(collection));
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError)) throw e;
      this.o.data.replicas[collection].markFailed(e);
      step = 'failed';
    }
    this.o.onReconciled?.(collection, step, calls);
    return step;
  }

  private schedule(collection: Collection): void {
    const timer = setTimeout(() => {
      this.reconcile(collection)
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.schedule(collection);
        });
    }, this.o.options.intervalMs[collection]);
    timer.unref();
    this.timers.set(collection, timer);
  }

  private async step(collection: Collection): Promise<ReconcileStep> {
    const { data, options } = this.o;
    const replica = data.replicas[collection];
    const held = replica.membership();
    if (held === null) return 'idle';
    const now = data.clock.now().getTime();
    if (!this.lastFullPull.has(collection)) this.lastFullPull.set(collection, now);
    const fullPullDue = now - (this.lastFullPull.get(collection) as number) >= options.fullPullEveryMs;
    if (fullPullDue || held <= data.adapter.listPageSize) return this.pullAll(collection);
    const total = await data.adapter.count(collection);
    if (total === null) return this.pullAll(collection);
    const copy = await replica.read();
    if (copy.failure) return 'failed';
    return total === replica.membership() ? 'counted' : this.pullAll(collection);
  }

  private async pullAll(collection: Collection): Promise<ReconcileStep> {
    const { data } = this.o;
    const copy = await data.replicas[collection].pullAll();
    if (copy.failure) return 'failed';
    this.lastFullPull.set(collection, data.clock.now().getTime());
    return 'pulled';
  }
}
