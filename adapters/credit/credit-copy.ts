import type { SharedCache } from '../../schema/cache/shared-cache';
import { SyncLease, UNLEASED } from '../../schema/cache/sync-lease';
import type { CreditSanctionRecord } from '../../schema/credit-model';
import { toBeijingIso } from '../kit/beijing-time';
import { legacyKey } from '../kit/cache/legacy-cache';
import type { Clock } from '../kit/clock';
import { ProvinceUnavailableError } from '../kit/errors';
import type { Manifest, ListedFile } from './manifest';
import type { CreditPlatformClient } from './platform-client';
import { CreditFileError, readCreditFile } from './read-file';
import { SanctionsCopy, type SanctionsCopyData } from './sanctions-copy';

/**
 * The local copy of the platform's sanctions list, kept by conditional manifest requests: a new
 * snapshot replaces the copy, deltas newer than the copy are applied in asOf order, each one whole
 * or not at all. A file that is listed but not there yet (404) waits for the next sync; a file that
 * fails (wrong hash, unreadable) or a platform that does not answer leaves the last good copy, served
 * stale with the failure, and the next sync tries again. With a shared cache (Redis), replicas share
 * one sync (see refresh).
 */

export interface CreditCopyState {
  copy: SanctionsCopy;
  /** Set when the last sync failed: the copy is the last good one. */
  failure: ProvinceUnavailableError | null;
  /** When (the adapter's clock, ISO-8601 Beijing) the platform was last asked. */
  fetchedAt: string;
}

export interface CreditCopyOptions {
  client: CreditPlatformClient;
  clock: Clock;
  /** How long a sync serves before the manifest is asked again. Default 60 000. */
  maxAgeMs?: number;
  /** After a failed sync, how long before the next try. Default 5 000. */
  retryMs?: number;
  /**
   * Replicas sharing this cache share one copy and one sync, under a lease of `leaseMs` (default
   * 15 000) renewed while its holder syncs: a dead holder is taken over within it. `pollMs`
   * (default 50) paces the waiting.
   */
  shared?: { cache: SharedCache; keepMs: number; leaseMs?: number; pollMs?: number };
  /** Rows about natural persons read from a file (left out; only counted). */
  onPersonRows?: (count: number) => void;
  /**
   * Sanctions that a new snapshot no longer holds (the platform dropped them from its data: gone,
   * not removed from the list), found by the replica whose sync replaced the copy; awaited before the
   * new copy is shared. Not called for the first copy, nor for a copy adopted from another replica.
   */
  onGone?: (sanctions: readonly CreditSanctionRecord[]) => Promise<void>;
  /**
   * Ids of the sanctions a new copy holds that the copy before it did not (every one, for the first
   * copy): one listed again after it was gone loses its tombstone.
   */
  onListed?: (ids: readonly string[]) => Promise<void>;
}

interface SharedCreditCopy {
  data: SanctionsCopyData;
  etag: string | null;
  manifest: Manifest | null;
  checkedAt: number;
  fetchedAt: string;
}

export const SHARED_COPY_KEY = legacyKey('CR', 'sanctions', 'copy');
const SYNC_LEASE_KEY = legacyKey('CR', 'sanctions', 'sync-lease');
export const DEFAULT_CREDIT_SYNC_LEASE_MS = 15_000;

export class CreditCopy {
  private state: CreditCopyState = { copy: SanctionsCopy.empty(), failure: null, fetchedAt: '' };
  private etag: string | null = null;
  private manifest: Manifest | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<CreditCopyState> | null = null;
  private readonly syncLease: SyncLease | null;

  constructor(private readonly options: CreditCopyOptions) {
    const shared = options.shared;
    this.syncLease = shared ? new SyncLease(shared.cache, SYNC_LEASE_KEY, shared.leaseMs ?? DEFAULT_CREDIT_SYNC_LEASE_MS) : null;
  }

  /** The state as it is now, without syncing (what a reader in the middle of a sync sees). */
  get current(): CreditCopyState {
    return this.state;
  }

  /** Until when (the adapter's clock, ms) the current state holds without asking the platform; 0 while it is stale. */
  get freshUntil(): number {
    return this.state.failure ? 0 : this.checkedAt + (this.options.maxAgeMs ?? 60_000);
  }

  /** Gives back the sync lease this replica holds, so that another need not wait for it to run out. */
  async close(): Promise<void> {
    this.options.client.close();
    await this.syncLease?.close();
  }

  /** The copy, synced first when it is older than its maximum age (concurrent reads share one sync). */
  read(): Promise<CreditCopyState> {
    const age = this.options.clock.now().getTime() - this.checkedAt;
    const wait = this.state.failure ? (this.options.retryMs ?? 5000) : (this.options.maxAgeMs ?? 60_000);
    if (age < wait && this.state.copy.snapshot !== '') return Promise.resolve(this.state);
    if (!this.inflight) this.inflight = this.refresh().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /**
   * With a shared cache, replicas share one sync: a copy synced recently enough by another is
   * adopted; otherwise one replica takes the sync lease and the others wait for its copy. The holder
   * renews the lease while it syncs, however long that takes; one that died loses it within the
   * lease's short time to live, and a waiter then takes it.
   */
  private async refresh(): Promise<CreditCopyState> {
    const shared = this.options.shared;
    const syncLease = this.syncLease;
    if (!shared || !syncLease) return this.sync();
    for (;;) {
      if (await this.adoptShared(shared.cache)) return this.state;
      const token = await syncLease.take();
      if (token !== null) {
        try {
          return await this.sync();
        } finally {
          if (token !== UNLEASED) await syncLease.release(token);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, shared.pollMs ?? 50));
    }
  }

  /** Takes another replica's copy when it is newer than ours; true when it is fresh enough to serve. */
  private async adoptShared(cache: SharedCache): Promise<boolean> {
    const copy = await cache.get<SharedCreditCopy>(SHARED_COPY_KEY).catch(() => undefined);
    if (!copy || copy.checkedAt <= this.checkedAt || copy.data.asOfMs < this.state.copy.asOfMs) return false;
    this.state = { copy: SanctionsCopy.fromData(copy.data), failure: null, fetchedAt: copy.fetchedAt };
    this.etag = copy.etag;
    this.manifest = copy.manifest;
    this.checkedAt = copy.checkedAt;
    return this.options.clock.now().getTime() - copy.checkedAt < (this.options.maxAgeMs ?? 60_000);
  }

  private async sync(): Promise<CreditCopyState> {
    const { client, clock } = this.options;
    const startedAt = clock.now();
    const before = this.state.copy;
    try {
      const answer = await client.manifest(this.manifest ? this.etag : null);
      if (!answer.unchanged) {
        this.manifest = answer.manifest;
        this.etag = answer.etag;
      }
      const manifest = this.manifest as Manifest;
      if (this.state.copy.snapshot !== manifest.full.name) {
        if (!(await this.apply(manifest.full))) throw ProvinceUnavailableError.unavailable('CR', `CR snapshot ${manifest.full.name} is listed but not served`);
      }
      for (const delta of manifest.deltas) {
        if (delta.asOfMs <= this.state.copy.asOfMs) continue;
        if (!(await this.apply(delta))) break;
      }
      this.state = { ...this.state, failure: null, fetchedAt: toBeijingIso(startedAt) };
      this.checkedAt = startedAt.getTime();
      await this.reportGone(before);
      await this.reportListed(before);
      await this.share();
      return this.state;
    } catch (e) {
      const failure = asUnavailable(e);
      if (this.state.copy.snapshot === '') throw failure;
      this.state = { ...this.state, failure };
      this.checkedAt = startedAt.getTime();
      return this.state;
    }
  }

  /** Downloads, verifies and applies one file; false when it is listed but not there yet. */
  private async apply(file: ListedFile): Promise<boolean> {
    const read = await this.options.client.download(file.name, async (gzip) => {
      const builder = this.state.copy.next(file);
      let persons = 0;
      await readCreditFile(file, gzip, (row) => {
        if (row.kind === 'person') persons += 1;
        builder.apply(row);
      });
      return { builder, persons };
    });
    if (read === null) return false;
    this.options.onPersonRows?.(read.persons);
    this.state = { ...this.state, copy: SanctionsCopy.build(read.builder, file) };
    return true;
  }

  /** What the copy held before a new snapshot and holds in no form now (a sanction, an invalid row, a person's row). */
  private async reportGone(before: SanctionsCopy): Promise<void> {
    const after = this.state.copy;
    if (!this.options.onGone || before.snapshot === '' || before.snapshot === after.snapshot) return;
    const gone = [...before.byDecision.values()].filter((r) => !after.byDecision.has(r.decisionNumber) && !after.invalid.has(r.decisionNumber) && !after.persons.has(r.decisionNumber));
    if (gone.length > 0) await this.options.onGone(gone).catch(() => undefined);
  }

  private async reportListed(before: SanctionsCopy): Promise<void> {
    const after = this.state.copy;
    if (!this.options.onListed || before === after) return;
    const listed = [...after.byDecision.values()].filter((r) => !before.byDecision.has(r.decisionNumber)).map((r) => r.id);
    if (listed.length > 0) await this.options.onListed(listed).catch(() => undefined);
  }

  private async share(): Promise<void> {
    const shared = this.options.shared;
    if (!shared) return;
    const entry: SharedCreditCopy = { data: this.state.copy.toData(), etag: this.etag, manifest: this.manifest, checkedAt: this.checkedAt, fetchedAt: this.state.fetchedAt };
    await shared.cache.set(SHARED_COPY_KEY, entry, (this.options.maxAgeMs ?? 60_000) + shared.keepMs).catch(() => undefined);
  }
}

function asUnavailable(e: unknown): ProvinceUnavailableError {
  if (e instanceof ProvinceUnavailableError) return e;
  if (e instanceof CreditFileError) return ProvinceUnavailableError.unavailable('CR', `CR file ${e.message}`, 'GET /credit/v1/aqsc/files/:name', 'answered');
  throw e;
}
