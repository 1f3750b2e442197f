import type { Clock } from '../../adapters/kit/clock';
import { ProvinceUnavailableError, type LegacyDataIssue } from '../../adapters/kit/errors';
import type { Collection, CollectionRecord, Mapped, ProvinceAdapter } from '../../adapters/kit/province-adapter';
import { legacyKey, type LegacyCache } from '../../adapters/kit/cache/legacy-cache';
import { ReadThrough, type CacheOutcome, type ReadResult, type Stamped } from '../../adapters/kit/cache/read-through';
import type { CacheTtls } from '../../adapters/kit/cache/ttl';
import type { TrackPointRecord } from '../../schema/model';

/** What the system said about one legacy id: the record, why it cannot be mapped, or nothing (null). */
export type KeyedAnswer<C extends Collection> = CollectionRecord[C] | LegacyDataIssue | null;

export type KeyedRead<C extends Collection> =
  | { ok: true; answer: KeyedAnswer<C>; storedAt: number; staleBecause: ProvinceUnavailableError | null; freshUntil: number }
  | { ok: false; error: unknown };

export interface CachedReadsOptions {
  adapter: ProvinceAdapter;
  cache: LegacyCache;
  clock: Clock;
  ttls: CacheTtls;
  onOutcome?: (kind: string, outcome: CacheOutcome) => void;
  /** The system answered a keyed read of these ids with nothing (it no longer holds them, or never did). */
  onNotFound?: (collection: Collection, sourceIds: readonly string[]) => void | Promise<void>;
}

/**
 * The keyed legacy reads that the replicas do not cover (ids the copy does not know yet, vehicle
 * tracks), through the cache: fresh answers without a call, one call for concurrent readers of the
 * same id, and the last good answer, marked stale, when the system fails.
 */
export class CachedReads {
  private readonly tracks: ReadThrough;
  private readonly inflight = new Map<string, Promise<KeyedRead<Collection>>>();

  constructor(private readonly options: CachedReadsOptions) {
    this.tracks = new ReadThrough({ cache: options.cache, clock: options.clock, staleMs: options.ttls.staleMs, onOutcome: options.onOutcome });
  }

  track(plate: string, from: Date, to: Date): Promise<ReadResult<Mapped<TrackPointRecord>>> {
    const { adapter, ttls } = this.options;
    const key = legacyKey(adapter.province, 'track', plate, from.toISOString(), to.toISOString());
    return this.tracks.read('tracks', key, ttls.freshMs.tracks, () => adapter.track(plate, from, to));
  }

  /** Answers in the order of `sourceIds`; the ids not fresh in the cache are read in one batch. */
  async get<C extends Collection>(collection: C, sourceIds: readonly string[]): Promise<KeyedRead<C>[]> {
    const { adapter, cache, clock, ttls, onOutcome } = this.options;
    const keys = sourceIds.map((id) => legacyKey(adapter.province, 'record', collection, id));
    const cached = await cache.getMany<Stamped<KeyedAnswer<C>>>(keys).catch(() => keys.map(() => undefined));
    const now = clock.now().getTime();
    const freshMs = ttls.freshMs[collection];
    const results: (Promise<KeyedRead<C>> | KeyedRead<C>)[] = [];
    const toLoad: { index: number; key: string; sourceId: string }[] = [];
    sourceIds.forEach((sourceId, index) => {
      const entry = cached[index];
      if (entry && now - entry.storedAt < freshMs) {
        onOutcome?.(collection, 'hit');
        results[index] = { ok: true, answer: entry.value, storedAt: entry.storedAt, staleBecause: null, freshUntil: entry.storedAt + freshMs };
        return;
      }
      const running = this.inflight.get(keys[index]);
      if (running) results[index] = running as Promise<KeyedRead<C>>;
      else toLoad.push({ index, key: keys[index], sourceId });
    });
    if (toLoad.length > 0) {
      const batch = this.load(collection, toLoad.map((l) => l.sourceId), now);
      toLoad.forEach(({ index, key, sourceId }) => {
        const one = batch.then((loaded) => this.settle(collection, key, loaded, sourceId, cached[index])).finally(() => this.inflight.delete(key));
        this.inflight.set(key, one as Promise<KeyedRead<Collection>>);
        results[index] = one;
      });
    }
    return Promise.all(results);
  }

  private async load<C extends Collection>(collection: C, sourceIds: string[], storedAt: number): Promise<{ ok: true; found: Map<string, KeyedAnswer<C>>; storedAt: number } | { ok: false; error: unknown }> {
    try {
      const mapped = await this.options.adapter.get(collection, sourceIds);
      const found = new Map<string, KeyedAnswer<C>>();
      for (const r of mapped.records) found.set(r.sourceId, r);
      for (const issue of mapped.invalid) found.set(issue.sourceId, issue);
      const missing = sourceIds.filter((id) => !found.has(id));
      if (missing.length > 0) await this.options.onNotFound?.(collection, missing);
      return { ok: true, found, storedAt };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private async settle<C extends Collection>(
    collection: C,
    key: string,
    loaded: Awaited<ReturnType<CachedReads['load']>>,
    sourceId: string,
    previous: Stamped<KeyedAnswer<C>> | undefined,
  ): Promise<KeyedRead<C>> {
    const { cache, ttls, onOutcome } = this.options;
    if (loaded.ok) {
      const answer = (loaded.found.get(sourceId) ?? null) as KeyedAnswer<C>;
      onOutcome?.(collection, 'miss');
      await cache.set(key, { value: answer, storedAt: loaded.storedAt } satisfies Stamped<KeyedAnswer<C>>, ttls.freshMs[collection] + ttls.staleMs).catch(() => undefined);
      return { ok: true, answer, storedAt: loaded.storedAt, staleBecause: null, freshUntil: loaded.storedAt + ttls.freshMs[collection] };
    }
    if (loaded.error instanceof ProvinceUnavailableError && previous) {
      onOutcome?.(collection, 'stale');
      return { ok: true, answer: previous.value, storedAt: previous.storedAt, staleBecause: loaded.error, freshUntil: 0 };
    }
    return { ok: false, error: loaded.error };
  }
}
