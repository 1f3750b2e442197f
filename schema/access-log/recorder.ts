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
 * Takes entries on the request path (a push) and writes them in batches off it, one batch at a
 * time and in order. What is not yet written when the process dies is lost; what was written is
 * chained, so a crash never breaks the chain.
 */
export class AccessRecorder {
  private queue: AccessEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly maxBatch: number;

  constructor(
    readonly store: AccessLogStore,
    private readonly options: AccessRecorderOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.maxBatch = options.maxBatch ?? 500;
  }

  record(entry: AccessEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything recorded so far; resolves when it is stored (or failed and was kept). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.writeBatches());
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.store.close();
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.maxBatch);
      try {
        await this.store.append(batch);
        this.queue = this.queue.slice(batch.length);
      } catch (error) {
        this.options.onError?.(error, this.queue.length);
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
        return;
      }
    }
  }
}
