import type { Collection } from '../../adapters/kit/province-adapter';
import { legacyKey } from '../../adapters/kit/cache/legacy-cache';
import type { SharedCache } from '../../schema/cache/shared-cache';

/** What the replicas of a province subgraph know of a collection's last reconciliation (in the shared cache). */
interface Marker {
  /** Wall-clock ms at which it started. */
  at: number;
  /** The subgraph clock's ms of the last full pull. */
  fullPullAt: number;
}

/**
 * held: another replica is reconciling now; fresh: one reconciled within the interval (at: when,
 * wall clock); mine: this replica holds the lease and reconciles (fullPullAt: the last full pull
 * by any replica, null when none is known).
 */
export type Claim = { kind: 'held' } | { kind: 'fresh'; at: number } | { kind: 'mine'; token: string; fullPullAt: number | null };

export interface ReconcileLeaseOptions {
  cache: SharedCache;
  province: string;
  /** How long a replica may reconcile one collection before another takes over (a holder that died). */
  leaseMs: number;
  /** How long the marker is kept (longer than both the interval and the full-pull period). */
  markerMs: number;
}

/**
 * One reconciliation per collection across the replicas that share a cache: the lease says who
 * reconciles now; the marker says when one last did, so that a replica does not repeat a fresh one.
 * Without Redis the cache is this process's, and each process reconciles on its own.
 */
export class ReconcileLease {
  constructor(private readonly o: ReconcileLeaseOptions) {}

  async claim(collection: Collection, intervalMs: number): Promise<Claim> {
    const { cache, leaseMs } = this.o;
    const token = await cache.lease(this.key('reconcile-lease', collection), leaseMs);
    if (token === null) return { kind: 'held' };
    const marker = await cache.get<Marker>(this.key('reconciled', collection)).catch(() => undefined);
    if (marker && Date.now() - marker.at < intervalMs) {
      await this.release(collection, token);
      return { kind: 'fresh', at: marker.at };
    }
    return { kind: 'mine', token, fullPullAt: marker?.fullPullAt ?? null };
  }

  /** The reconciliation that started at `at` (wall clock) is done; `fullPullAt` as it now stands. */
  async done(collection: Collection, token: string, marker: Marker): Promise<void> {
    await this.o.cache.set(this.key('reconciled', collection), marker, this.o.markerMs).catch(() => undefined);
    await this.release(collection, token);
  }

  async release(collection: Collection, token: string): Promise<void> {
    await this.o.cache.release(this.key('reconcile-lease', collection), token).catch(() => undefined);
  }

  private key(kind: string, collection: Collection): string {
    return legacyKey(this.o.province, kind, collection);
  }
}
