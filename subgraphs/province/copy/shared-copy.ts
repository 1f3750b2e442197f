import { randomUUID } from 'node:crypto';
import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import type { LegacyCache } from '../../../adapters/kit/cache/legacy-cache';
import { readKey, type KeyRead } from '../../../schema/cache/key-read';
import { retryWhileUp } from '../../../schema/cache/retry-while-up';
import type { CopyOp } from './copy-log';
import type { CopiedRecord, CopyState } from './copy-state';

/** What a copy says about its freshness, beside its records. */
export interface CopyClock {
  newestUpdate: number | null;
  syncedAt: number;
  fetchedAt: string;
}

/** The head of a shared copy (at the copy's key): which base and how many change-log entries make it. */
export interface SharedHead extends CopyClock {
  generation: string;
  chunks: number;
  entries: number;
  /** Records written to the log since the base: past half the copy, the next write is a new base. */
  logged: number;
  /** When the base was written (the subgraph's clock, ms): it is written again before its keys expire. */
  baseAt: number;
}

/** Where a reader of the shared copy stands: the generation and log entries its state includes. */
export interface SharedPosition {
  generation: string;
  entries: number;
}

interface Chunk<R> {
  records: R[];
  invalid: LegacyDataIssue[];
}

export interface SharedCopyStoreOptions {
  cache: LegacyCache;
  /** The copy's key: the head lives there, the base chunks and the log entries under it. */
  key: string;
  /** How long every key of the copy is kept. */
  keepMs: number;
  /** Records per base chunk. */
  chunkSize?: number;
  /** Reads of the head Redis does not answer, or of a part the head names, before the copy is taken as unreadable, and writes of a part before the write fails (default 5). */
  attempts?: number;
  /** The wait before a part's second read or write; it doubles before each next one (default 100 ms). */
  retryMs?: number;
}

/** A part of the shared copy did not reach the store other replicas read (Redis), so no head names it. */
export class SharedCopyNotWrittenError extends Error {
  readonly code = 'SHARED_COPY_NOT_WRITTEN' as const;
  constructor(readonly key: string) {
    super(`the shared copy's ${key} did not reach the shared cache; the head still names the parts written before`);
    this.name = 'SharedCopyNotWrittenError';
  }
}

const DEFAULT_CHUNK = 1000;
const ATTEMPTS = 5;
const RETRY_MS = 100;
/** Below this many logged records a new base is never worth writing. */
const MIN_LOG_BEFORE_BASE = 1000;

/**
 * The copy of one collection in the shared cache, as a base (the records in chunks, written once
 * per generation) and a change log (one entry per re-sync that changed something), under a small
 * head that every sync rewrites. A quiet re-sync writes only the head; one that changes k records
 * writes a log entry of k records; a new base is written once the log holds half as many records
 * as the copy, or before the base's keys would expire, so that writes stay proportional to changes.
 * A reader at a known position reads only the entries after it.
 */
export class SharedCopyStore<R extends CopiedRecord> {
  private readonly chunkSize: number;

  constructor(private readonly options: SharedCopyStoreOptions) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  }

  /** The key of the lease that one replica holds while it syncs this copy with the system. */
  get leaseKey(): string {
    return `${this.options.key}:sync`;
  }

  /**
   * The head, read again while Redis does not answer (as a part is): a restarting replica that took
   * a head read past the command deadline for a copy that is not there would pull it all from the
   * system. A head Redis answered it does not have is a cold start, and is not asked again.
   */
  async head(): Promise<SharedHead | undefined> {
    const read = (): Promise<KeyRead<SharedHead>> => readKey<SharedHead>(this.options.cache, this.options.key);
    const found = await this.again(await read(), read, (r) => r.state !== 'unanswered');
    return found.state === 'found' ? found.value : undefined;
  }

  /**
   * The changes from `at` to `head`: only the log entries after `at` when it is in the head's
   * generation, else the whole base and log (`reset`). Undefined when a key has expired.
   */
  async read(head: SharedHead, at: SharedPosition | null): Promise<{ reset: Chunk<R> | null; ops: CopyOp<R>[] } | undefined> {
    const { cache, key } = this.options;
    const sameBase = at !== null && at.generation === head.generation && at.entries <= head.entries;
    const from = sameBase ? at.entries : 0;
    const logKeys = Array.from({ length: head.entries - from }, (_, i) => `${key}:log:${head.generation}:${from + i + 1}`);
    const chunkKeys = sameBase ? [] : Array.from({ length: head.chunks }, (_, i) => `${key}:base:${head.generation}:${i}`);
    // One chunk per command: a whole base in one MGET is tens of MB at scale, past the command deadline.
    const chunks: Chunk<R>[] = [];
    for (const chunkKey of chunkKeys) {
      const chunk = await this.named<Chunk<R>>(chunkKey, await cache.get<Chunk<R>>(chunkKey));
      if (chunk === undefined) return undefined;
      chunks.push(chunk);
    }
    const entries = await cache.getMany<CopyOp<R>[]>(logKeys);
    const ops: CopyOp<R>[] = [];
    for (const [i, found] of entries.entries()) {
      const entry = await this.named(logKeys[i], found);
      if (entry === undefined) return undefined;
      ops.push(...entry);
    }
    const reset = sameBase ? null : { records: chunks.flatMap((c) => c.records), invalid: chunks.flatMap((c) => c.invalid) };
    return { reset, ops };
  }

  /**
   * A part the head names, read again while it comes back missing. The head is written after its
   * parts, so a part found missing is far more often Redis not answering within the command
   * deadline (the shared cache then answers from memory, empty in a restarted process; a chunk is
   * about a megabyte, and four processes adopting their copies at once keep a small machine busy)
   * than a part gone; and a copy given up as unreadable is pulled whole from the system again.
   */
  private named<T>(key: string, found: T | undefined): Promise<T | undefined> {
    return this.again(found, () => this.options.cache.get<T>(key), (value) => value !== undefined);
  }

  /**
   * Writes a part until Redis has it (a write past the deadline is sent again: setting a key twice
   * is harmless), and fails once it never got it: no head may name a part Redis does not hold.
   */
  private async stored(key: string, value: unknown): Promise<void> {
    const write = (): Promise<boolean> => this.options.cache.set(key, value, this.options.keepMs);
    if (!(await this.again(await write(), write, (done) => done))) throw new SharedCopyNotWrittenError(key);
  }

  /** With Redis down the cache answers from memory at once, and a sync that waited for it would only answer later. */
  private again<T>(first: T, step: () => Promise<T>, succeeded: (result: T) => boolean): Promise<T> {
    return retryWhileUp(this.options.cache, first, step, succeeded, { attempts: this.options.attempts ?? ATTEMPTS, retryMs: this.options.retryMs ?? RETRY_MS });
  }

  /**
   * Writes what a sync made: the ops as one log entry on top of `at` when `at` is the head's
   * position, else (or when the log has grown past half the copy, or the base is old) a new base of
   * `state`. Returns the new position. Every part is in the shared cache before a head names it:
   * a part that did not reach it fails the write (SharedCopyNotWrittenError) and leaves the head as
   * it was, so the writer's next write is a new base.
   */
  async write<X>(state: CopyState<R, X>, ops: readonly CopyOp<R>[], at: SharedPosition | null, previous: SharedHead | undefined, clock: CopyClock, now: number): Promise<SharedPosition> {
    const { key, keepMs } = this.options;
    const onHead = at !== null && previous !== undefined && previous.generation === at.generation && previous.entries === at.entries;
    const logged = (onHead ? previous.logged : 0) + ops.length;
    const baseOld = onHead && now - previous.baseAt > keepMs / 2;
    if (!onHead || baseOld || logged > Math.max(MIN_LOG_BEFORE_BASE, state.membership / 2)) return this.writeBase(state, clock, now);
    if (ops.length === 0) {
      await this.stored(key, { ...previous, ...clock } satisfies SharedHead);
      return at;
    }
    const entries = previous.entries + 1;
    await this.stored(`${key}:log:${previous.generation}:${entries}`, ops);
    await this.stored(key, { ...previous, ...clock, entries, logged } satisfies SharedHead);
    return { generation: previous.generation, entries };
  }

  private async writeBase<X>(state: CopyState<R, X>, clock: CopyClock, now: number): Promise<SharedPosition> {
    const { key } = this.options;
    const generation = randomUUID().slice(0, 8);
    const records = [...state.records.values()];
    const invalid = [...state.invalid.values()];
    const chunks = Math.max(1, Math.ceil((records.length + invalid.length) / this.chunkSize));
    const per = Math.ceil(records.length / chunks);
    const perInvalid = Math.ceil(invalid.length / chunks);
    for (let i = 0; i < chunks; i++) {
      await this.stored(`${key}:base:${generation}:${i}`, { records: records.slice(i * per, (i + 1) * per), invalid: invalid.slice(i * perInvalid, (i + 1) * perInvalid) } satisfies Chunk<R>);
    }
    await this.stored(key, { ...clock, generation, chunks, entries: 0, logged: 0, baseAt: now } satisfies SharedHead);
    return { generation, entries: 0 };
  }
}
