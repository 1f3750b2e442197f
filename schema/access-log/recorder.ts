import type { AccessLogStore } from './store';
import type { AccessEntry } from './types';

export interface AccessRecorderOptions {
  /** How long an entry waits for its batch (ms); default 200. */
  flushMs?: number;
  /** A batch this large is written at once; default 500. */
  maxBatch?: number;
  /** A batch the store refused; its entries are kept for the next attempt. */
  onError?(error: unknown, pending: number): void;
}

/**
 * What a request leaves to be recorded when building its entry waits for the batch: the request
 * path keeps this small object, and the entry (its releases sorted, its time formatted) is made
 * off it, at the flush. Null: the request is not recorded after all.
 */
export interface DeferredAccessEntry {
  build(): AccessEntry | null;
}

type Queued = AccessEntry | DeferredAccessEntry;

const isDeferred = (item: Queued): item is DeferredAccessEntry => typeof (item as Partial<DeferredAccessEntry>).build === 'function';

/**
 * Takes entries on the request path (a push) and writes them in batches off it, one batch at a
 * time and in order. What is not yet written when the process dies is lost; what was written is
 * chained, so a crash never breaks the chain.
 */
export class AccessRecorder {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<boolean> = Promise.resolve(true);
  private readonly flushMs: number;
  private readonly maxBatch: number;

  constructor(
    readonly store: AccessLogStore,
    private readonly options: AccessRecorderOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.maxBatch = options.maxBatch ?? 500;
  }

  /** Queues an entry, or what builds it at the flush (in the order recorded either way). */
  record(entry: AccessEntry | DeferredAccessEntry): void {
    this.queue.push(entry);
    if (this.queue.length % this.maxBatch === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Entries waiting for their batch (deferred ones included, even those that will build to nothing). */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything recorded so far; resolves when it is stored (true) or failed and was kept (false). */
  flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.writeBatches());
    return this.writing;
  }

  /** Writes what is recorded, including what arrives while it writes, as long as the store takes it; then closes the store. */
  async close(): Promise<void> {
    while ((await this.flush()) && this.queue.length > 0);
    await this.store.close();
  }

  /**
   * Writes what was recorded before this write began, in batches of at most maxBatch. Entries
   * recorded while it writes wait for their own flush (their timer, or a full batch): going on
   * with them at once would write a small batch after each write, each with the store's whole
   * fixed cost (a lock, an fsync), as often as a write takes instead of once per flushMs.
   */
  private async writeBatches(): Promise<boolean> {
    for (let due = this.queue.length; due > 0; ) {
      const taken = this.queue.slice(0, Math.min(due, this.maxBatch));
      const batch = builtEntries(taken);
      try {
        if (batch.length > 0) await this.store.append(batch);
        this.queue = this.queue.slice(taken.length);
        due -= taken.length;
      } catch (error) {
        this.options.onError?.(error, this.queue.length);
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
        return false;
      }
    }
    return true;
  }
}

/** The batch's entries, deferred ones built now (again if the batch is retried: building reads only what the request left, so it gives the same entry). */
function builtEntries(items: Queued[]): AccessEntry[] {
  const entries: AccessEntry[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const entry = isDeferred(item) ? item.build() : item;
    if (entry) entries.push(entry);
  }
  return entries;
}
