import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import { firstConnection } from '../../../schema/cache/first-connection';
import type { CopyOp } from './copy-log';
import type { CopiedRecord, CopyState } from './copy-state';
import { SharedCopyStore, type CopyClock, type SharedCopyStoreOptions, type SharedHead, type SharedPosition } from './shared-copy';

/** What a newer shared copy brings: the whole copy (reset) or the changes after this replica's position, and its clock. */
export interface SharedUpdate<R> {
  reset: { records: R[]; invalid: LegacyDataIssue[] } | null;
  ops: CopyOp<R>[];
  clock: CopyClock;
}

export interface CopySharingOptions extends SharedCopyStoreOptions {
  /**
   * The sync lease's time to live: renewed every third of it while its holder syncs, so that a
   * holder that died (or lost Redis) is taken over within it, and one whose sync is long keeps it.
   */
  leaseMs: number;
  /** How often a replica waiting for another's sync looks at the shared head. */
  pollMs?: number;
  /** How long a replica's first look at the shared copy waits for Redis's first connection (default 5 s). */
  connectWaitMs?: number;
}

const CONNECT_WAIT_MS = 5_000;

/** The lease could not be asked (the cache failed): the replica syncs on its own. */
export const UNLEASED = 'unleased';

/**
 * One replica's side of a shared copy: where it stands in the shared log, reading what other
 * replicas wrote after it, the lease under which one replica at a time syncs with the system, and
 * writing back what its own syncs changed. Every cache failure degrades to syncing alone.
 */
export class CopySharing<R extends CopiedRecord> {
  private readonly store: SharedCopyStore<R>;
  private position: SharedPosition | null = null;
  private connected: Promise<boolean> | null = null;
  /** Leases this replica gave back whose release did not reach the shared cache: released again before the next lease is asked. */
  private readonly unreleased = new Set<string>();
  /** The renewal of each lease this replica holds. */
  private readonly renewals = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: CopySharingOptions) {
    this.store = new SharedCopyStore<R>(options);
  }

  get pollMs(): number {
    return this.options.pollMs ?? 50;
  }

  /** The shared copy when it is newer than `syncedAt`, as changes from this replica's position; null when not (or unreadable). */
  async newer(syncedAt: number): Promise<SharedUpdate<R> | null> {
    await this.firstConnection();
    const head = await this.store.head().catch(() => undefined);
    if (!head || head.syncedAt <= syncedAt) return null;
    const read = await this.store.read(head, this.position).catch(() => undefined);
    if (!read) return null;
    this.position = { generation: head.generation, entries: head.entries };
    return { ...read, clock: { newestUpdate: head.newestUpdate, syncedAt: head.syncedAt, fetchedAt: head.fetchedAt } };
  }

  /**
   * A token for the sync lease, renewed until it is released; null while another replica holds
   * it, UNLEASED when the cache cannot say, or once this replica is closed (it takes no lease then).
   */
  async lease(): Promise<string | null> {
    await this.firstConnection();
    // A release that did not reach Redis (it was failing over) would leave this replica waiting on its own lease until it runs out.
    for (const token of [...this.unreleased]) await this.release(token);
    if (this.closed) return UNLEASED;
    const token = await this.options.cache.lease(this.store.leaseKey, this.options.leaseMs).catch(() => UNLEASED);
    if (token !== null && token !== UNLEASED) this.renewWhileHeld(token);
    return token;
  }

  /** Renews the lease every third of its time to live until it is released, or the cache answers that it is no longer this token's. */
  private renewWhileHeld(token: string): void {
    const { cache, leaseMs } = this.options;
    const timer = setInterval(() => {
      void cache.renew(this.store.leaseKey, token, leaseMs).then(
        (held) => {
          if (!held) this.stopRenewing(token);
        },
        () => undefined,
      );
    }, Math.max(10, Math.floor(leaseMs / 3)));
    timer.unref();
    this.renewals.set(token, timer);
  }

  private stopRenewing(token: string): void {
    clearInterval(this.renewals.get(token));
    this.renewals.delete(token);
  }

  /** Gives back the leases this replica holds, or gave back without reaching Redis, so that a process that stops leaves no replica waiting on it; it takes no other. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.renewals.keys(), ...this.unreleased].map((token) => this.release(token)));
  }

  /**
   * A process that has just started reads the shared copy before its Redis client has connected,
   * and would find nothing (memory answers until then) and pull the whole copy from the system.
   */
  private firstConnection(): Promise<boolean> {
    this.connected ??= firstConnection(this.options.cache, this.options.connectWaitMs ?? CONNECT_WAIT_MS);
    return this.connected;
  }

  async release(token: string): Promise<void> {
    if (token === UNLEASED) return;
    this.stopRenewing(token);
    const released = await this.options.cache.release(this.store.leaseKey, token).catch(() => false);
    if (released) this.unreleased.delete(token);
    else this.unreleased.add(token);
  }

  /** Writes what a sync changed (ops) on top of this replica's position, or a new base. */
  async write<X>(state: CopyState<R, X>, ops: readonly CopyOp<R>[], clock: CopyClock, now: number): Promise<void> {
    const head: SharedHead | undefined = await this.store.head().catch(() => undefined);
    this.position = await this.store.write(state, ops, this.position, head, clock, now).catch(() => null);
  }
}
