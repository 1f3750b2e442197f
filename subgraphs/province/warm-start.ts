import type { Collection } from '../../adapters/kit/province-adapter';
import { COLLECTIONS } from './data-quality';
import type { ProvinceData } from './province-data';
import type { LogLine } from './quality-log';
import type { HeapReduction } from './reduce-heap';

export interface WarmStartOptions {
  /** After a first pull fails (the system is down or not up yet), how long before it is tried again. */
  retryMs: number;
  /** How often a progress line is written while first pulls are under way. */
  progressMs: number;
  log?: (line: LogLine) => void;
  /** Run once every copy has a first complete state, before ready: what the first pulls left on the heap handed back (reduce-heap.ts). */
  reduceHeap?: () => Promise<HeapReduction>;
}

export const DEFAULT_WARM_START: Readonly<WarmStartOptions> = { retryMs: 5_000, progressMs: 5_000 };

/** Where a copy is in its first sync: from the system or the shared cache. */
export type WarmState = 'pulling' | 'retrying' | 'complete';

/**
 * Starts every copy's first sync when the subgraph starts (a fresh copy in the shared cache is
 * adopted without asking the system), retries the ones whose system fails, and says how far they
 * are: `ready` once every copy has a first complete state, and progress lines on the way, which
 * name the system's documented rate limit when it has one as the reason a first pull takes time.
 */
export class WarmStart {
  private readonly states = new Map<Collection, WarmState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private calls = 0;
  private stopped = false;
  private readonly started = Date.now();
  private heap: 'first pulls' | 'reducing' | 'reduced' = 'first pulls';

  constructor(
    private readonly data: ProvinceData,
    private readonly options: WarmStartOptions,
  ) {}

  start(): void {
    for (const collection of COLLECTIONS) void this.warm(collection);
    this.every(this.options.progressMs, () => this.progress());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Count of legacy calls the province made since the start (the HTTP client's hook). */
  readonly onCall = (): void => {
    this.calls += 1;
  };

  get ready(): boolean {
    return this.copiesComplete() && (this.heap === 'reduced' || !this.options.reduceHeap);
  }

  private copiesComplete(): boolean {
    return COLLECTIONS.every((c) => this.data.replicas[c].peek() !== null);
  }

  /** Each copy's state. */
  status(): Record<Collection, WarmState> {
    return Object.fromEntries(COLLECTIONS.map((c) => [c, this.data.replicas[c].peek() !== null ? 'complete' : (this.states.get(c) ?? 'pulling')])) as Record<Collection, WarmState>;
  }

  private async warm(collection: Collection): Promise<void> {
    const began = Date.now();
    this.line(collection, 'first pull started', this.reason());
    for (;;) {
      if (this.stopped) return;
      this.states.set(collection, 'pulling');
      try {
        const copy = await this.data.replicas[collection].read();
        if (this.stopped) return;
        this.states.set(collection, 'complete');
        this.line(collection, 'first pull complete', { records: copy.records.length + copy.invalid.size, ms: Date.now() - began });
        await this.afterFirstPulls();
        return;
      } catch (e) {
        this.states.set(collection, 'retrying');
        this.line(collection, 'first pull failed, retrying', { error: e instanceof Error ? e.message : String(e), retryMs: this.options.retryMs });
        await new Promise<void>((resolve) => this.after(this.options.retryMs, resolve));
      }
    }
  }

  /** Once, when the last copy is complete: the heap reduced before the subgraph reports ready (a failure is logged, never holds readiness). */
  private async afterFirstPulls(): Promise<void> {
    const reduce = this.options.reduceHeap;
    if (!reduce || this.heap !== 'first pulls' || !this.copiesComplete()) return;
    this.heap = 'reducing';
    try {
      const reduction = await reduce();
      this.options.log?.({ level: 'info', msg: 'heap reduced after the first pulls', service: 'province', province: this.data.province, ...reduction });
    } catch (e) {
      this.options.log?.({ level: 'warn', msg: 'heap not reduced after the first pulls', service: 'province', province: this.data.province, error: e instanceof Error ? e.message : String(e) });
    }
    this.heap = 'reduced';
  }

  /** A progress line while a copy has no complete state; false once every copy has one (the lines end, the first reads may go on). */
  private progress(): boolean {
    const pending = COLLECTIONS.filter((c) => this.status()[c] !== 'complete');
    if (pending.length === 0) return false;
    this.options.log?.({
      level: 'info',
      msg: 'first pull in progress',
      service: 'province',
      province: this.data.province,
      collections: pending,
      legacyCalls: this.calls,
      elapsedMs: Date.now() - this.started,
      ...this.reason(),
    });
    return true;
  }

  /** Why a first pull takes time: the system's documented rate limit, when it has one. */
  private reason(): Record<string, unknown> {
    const limit = this.data.adapter.rateLimit;
    if (!limit) return {};
    return { reason: `${this.data.adapter.system} allows ${limit.perSecond} requests a second (its documented rate limit): a first pull of n records takes ⌈n / ${this.data.adapter.listPageSize}⌉ requests` };
  }

  private line(collection: Collection, msg: string, extra: Record<string, unknown>): void {
    this.options.log?.({ level: 'info', msg, service: 'province', province: this.data.province, collection, ...extra });
  }

  /** `run` every `ms` until it returns false or the warm start is stopped. */
  private every(ms: number, run: () => boolean): void {
    const tick = (): void => {
      if (this.stopped || !run()) return;
      this.after(ms, tick);
    };
    this.after(ms, tick);
  }

  private after(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}
