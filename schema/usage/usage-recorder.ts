import { dayOf, mergeUsage, type UsageEntry, type UsageStore } from './types';

const DAY_MS = 86_400_000;

/** Counts operations in memory and writes them to the store in batches, off the request path. */
export class UsageRecorder {
  private pending: UsageEntry[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: UsageStore,
    options: { flushMs?: number; now?: () => Date; onError?: (error: unknown) => void } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? (() => undefined);
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.timer.unref();
  }

  private readonly now: () => Date;
  private readonly onError: (error: unknown) => void;
  /** The UTC day of the last record, written once a day rather than once a request. */
  private day = { from: 0, to: 0, text: '' };

  record(client: string | null, operationName: string | null, operationHash: string, coordinates: string[]): void {
    this.pending.push({ day: this.dayOf(this.now()), client: client || 'unknown', operationName, operationHash, coordinates, count: 1 });
  }

  private dayOf(at: Date): string {
    const ms = at.getTime();
    if (ms < this.day.from || ms >= this.day.to) {
      const from = Math.floor(ms / DAY_MS) * DAY_MS;
      this.day = { from, to: from + DAY_MS, text: dayOf(at) };
    }
    return this.day.text;
  }

  flush(): Promise<void> {
    const batch = mergeUsage(this.pending);
    this.pending = [];
    this.flushing = this.flushing.then(() => this.store.record(batch)).catch(this.onError);
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.store.close();
  }
}
