import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import { firstConnection } from '../../../schema/cache/first-connection';
import { SyncLease } from '../../../schema/cache/sync-lease';
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

/**
 * One replica's side of a shared copy: where it stands in the shared log, reading what other
 * replicas wrote after it, the lease under which one replica at a time syncs with the system, and
 * writing back what its own syncs changed. Every cache failure degrades to syncing alone.
 */
export class CopySharing<R extends CopiedRecord> {
  private readonly store: SharedCopyStore<R>;
  private position: SharedPosition | null = null;
  private connected: Promise<boolean> | null = null;
  private readonly syncLease: SyncLease;

  constructor(private readonly options: CopySharingOptions) {
    this.store = new SharedCopyStore<R>(options);
    this.syncLease = new SyncLease(options.cache, this.store.leaseKey, options.leaseMs);
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
    return this.syncLease.take();
  }

  /** Gives back the leases this replica holds, or gave back without reaching Redis, so that a process that stops leaves no replica waiting on it; it takes no other. */
  close(): Promise<void> {
    return this.syncLease.close();
  }

  /**
   * A process that has just started reads the shared copy before its Redis client has connected,
   * and would find nothing (memory answers until then) and pull the whole copy from the system.
   */
  private firstConnection(): Promise<boolean> {
    this.connected ??= firstConnection(this.options.cache, this.options.connectWaitMs ?? CONNECT_WAIT_MS);
    return this.connected;
  }

  release(token: string): Promise<void> {
    return this.syncLease.release(token);
  }

  /** Writes what a sync changed (ops) on top of this replica's position, or a new base. */
  async write<X>(state: CopyState<R, X>, ops: readonly CopyOp<R>[], clock: CopyClock, now: number): Promise<void> {
    const head: SharedHead | undefined = await this.store.head().catch(() => undefined);
    this.position = await this.store.write(state, ops, this.position, head, clock, now).catch(() => null);
  }
}
