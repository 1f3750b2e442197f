import type { Collection } from '../../adapters/kit/province-adapter';
import type { SharedCache } from '../../schema/cache/shared-cache';
import type { NodeTypeName } from '../../schema/model';

/** What the exchange platform is told of a record its system no longer holds (contract v1.1 RemovedRecord). */
export interface RemovedRecordEntry {
  /** The global id it had. */
  id: string;
  /** The province subgraphs' four types, or the credit platform's CreditSanction. */
  type: NodeTypeName | 'CreditSanction';
  source: string;
  /** ISO-8601 (Beijing); when a replica of this subgraph first saw that the system no longer holds it. */
  detectedAt: string;
}

export const TYPE_OF_COLLECTION: Readonly<Record<Collection, NodeTypeName>> = {
  warnings: 'Warning',
  enterprises: 'HazmatEnterprise',
  waybills: 'Waybill',
  bases: 'RescueBase',
};

/** How many times a change is written again after a write that ignored the lease undid it. */
const MAX_REWRITES = 3;
/** How long one change may hold the write lease: a replica that dies holding it is waited for this long at most. */
const WRITE_LEASE_MS = 5_000;
/** How long to wait for the write lease before the change is given up (an error with a code; the caller loses the tombstone, not its sync). */
const WRITE_WAIT_MS = 2 * WRITE_LEASE_MS;

export interface RemovedRecordsOptions {
  /** Where the tombstones live: the cache the copies are kept in (Redis when configured), shared by every replica and kept over a restart. */
  cache: SharedCache;
  /** One key per province, beside its copies. */
  key: string;
  /** How long a tombstone is kept (longer than the exchange platform's pull window). */
  retentionMs: number;
  now: () => number;
}

/**
 * The tombstones of one province: records removed from its copies, kept for `retentionMs` so that
 * incremental pulls hear of every removal, whichever replica answers and after a restart. A record
 * that comes back under its id loses its tombstone; a record already tombstoned keeps the time it
 * was first seen removed (another replica that adopts the copy without it does not move it later).
 * One value per province in the shared cache, changed by read-modify-write under a lease in the
 * same cache (SharedCache.lease: Redis's when configured), so that the replicas' changes are made
 * one at a time and none is lost; a change that finds nothing to do takes no lease. The value is read
 * again after each write, and a change undone anyway (a lease that expired mid-write, Redis lost
 * and each process on its own lease meanwhile) is made again. It expires `retentionMs` after its
 * last change.
 */
export class RemovedRecords {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: RemovedRecordsOptions) {}

  /** Tombstones for these records, unless they have one. */
  add(entries: readonly RemovedRecordEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.change((held) => {
      const fresh = entries.filter((e) => !held.has(e.id));
      for (const e of fresh) held.set(e.id, e);
      return fresh.length > 0;
    });
  }

  /**
   * The system holds these records again: their tombstones go. Resolves to the ids that keep one,
   * so that a replica drops what another replica saw removed.
   */
  async returned(ids: readonly string[]): Promise<ReadonlySet<string>> {
    let kept: ReadonlySet<string> = new Set();
    await this.change((held) => {
      const changed = ids.reduce((any, id) => held.delete(id) || any, false);
      kept = new Set(held.keys());
      return changed;
    });
    return kept;
  }

  async has(id: string): Promise<boolean> {
    return (await this.read()).has(id);
  }

  /** Detected at or after `since`, of these types (all when absent), oldest first, then by id. */
  async since(since: Date, types?: readonly string[] | null): Promise<RemovedRecordEntry[]> {
    const from = since.getTime();
    const wanted = types ? new Set(types) : null;
    return [...(await this.read()).values()]
      .map((e) => ({ e, at: Date.parse(e.detectedAt) }))
      .filter(({ e, at }) => at >= from && (!wanted || wanted.has(e.type)))
      .sort((a, b) => a.at - b.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
      .map(({ e }) => e);
  }

  /** The tombstones within retention, by id. */
  private async read(): Promise<Map<string, RemovedRecordEntry>> {
    const stored = (await this.o.cache.get<RemovedRecordEntry[]>(this.o.key)) ?? [];
    const oldest = this.o.now() - this.o.retentionMs;
    return new Map(stored.filter((e) => Date.parse(e.detectedAt) >= oldest).map((e) => [e.id, e]));
  }

  /**
   * Applies `edit` (which says whether it changed anything) to the stored tombstones. When it would
   * change them, the write lease is taken and the edit made again on what is stored then, written,
   * and checked by reading again (the edit must then change nothing).
   */
  private change(edit: (held: Map<string, RemovedRecordEntry>) => boolean): Promise<void> {
    const run = this.queue.then(async () => {
      if (!edit(await this.read())) return;
      await this.underLease(async () => {
        for (let attempt = 0; attempt <= MAX_REWRITES; attempt++) {
          const held = await this.read();
          if (!edit(held)) return;
          if (attempt < MAX_REWRITES) await this.o.cache.set(this.o.key, [...held.values()], this.o.retentionMs);
        }
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async underLease(work: () => Promise<void>): Promise<void> {
    const key = `${this.o.key}:write-lease`;
    const deadline = Date.now() + WRITE_WAIT_MS;
    let token = await this.o.cache.lease(key, WRITE_LEASE_MS);
    for (let wait = 5; token === null; wait = Math.min(2 * wait, 100)) {
      if (Date.now() > deadline) throw new TombstoneLeaseError(key);
      await new Promise((r) => setTimeout(r, wait));
      token = await this.o.cache.lease(key, WRITE_LEASE_MS);
    }
    try {
      await work();
    } finally {
      await this.o.cache.release(key, token).catch(() => undefined);
    }
  }
}

/** Another replica held the tombstones' write lease for longer than a change may wait. */
export class TombstoneLeaseError extends Error {
  readonly code = 'TOMBSTONE_LEASE_TIMEOUT';
  constructor(key: string) {
    super(`the write lease on ${key} stayed held for ${WRITE_WAIT_MS} ms`);
  }
}
