import type { Collection } from '../../adapters/kit/province-adapter';

/** How each copy reconciles its membership with its system, and how long tombstones are kept. */
export interface ReconcileOptions {
  /** How often each collection is reconciled in the background (ms); 0 turns it off for that collection. */
  intervalMs: Record<Collection, number>;
  /** However the counts match, a collection is pulled in full at least this often (a deletion and a creation between two counts cancel out). */
  fullPullEveryMs: number;
  /** A collection larger than a page of a system that reports no total (Zhejiang) is pulled in full this often: nothing else finds what it deleted, and each pull walks every record. */
  uncountedFullPullEveryMs: number;
  /** How long a replica may hold the lease on reconciling one collection: a holder that dies is taken over after this (ms). */
  leaseMs: number;
  /** How long a removed record is kept for `removedRecords` (ms). */
  tombstoneRetentionMs: number;
}

/** The defaults, as RECONCILE_*, RECONCILE_LEASE_MS and TOMBSTONE_RETENTION_MS declare them (schema/config/legacy-variables.ts; a test holds them equal). */
export const DEFAULT_RECONCILE: Readonly<ReconcileOptions> = {
  intervalMs: { warnings: 60_000, enterprises: 600_000, waybills: 600_000, bases: 600_000 },
  fullPullEveryMs: 6 * 3600_000,
  uncountedFullPullEveryMs: 6 * 3600_000,
  leaseMs: 300_000,
  tombstoneRetentionMs: 7 * 24 * 3600_000,
};

/** No background reconciliation (keyed reads answered "not found" still remove at once). */
export const RECONCILE_OFF: Readonly<ReconcileOptions> = {
  ...DEFAULT_RECONCILE,
  intervalMs: { warnings: 0, enterprises: 0, waybills: 0, bases: 0 },
};
