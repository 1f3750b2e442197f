/**
 * At most `limit` calls in any sliding window of `windowMs`, granted in the order asked: the
 * pacing that a legacy system's "N requests a second" allows, bursts included. Spacing every start
 * 1/N s apart also keeps within the limit, but makes the N-th call of a burst wait (N-1)/N s for
 * nothing; with latency on every call, that wait is on the query's critical path.
 *
 * A call's place in the window is counted from its answer, not its start: the system counts a
 * request when it arrives, which is somewhere between the two. Counted from the start, a call that
 * reached the system late (a new connection, a busy machine) shared a window with calls started a
 * full window after it, and the system answered 429. A call in flight holds its place.
 */
export class SlidingWindowPacer {
  /** When each counted call was answered; Infinity while it is in flight. */
  private readonly slots: { answeredAt: number }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | null = null;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit >= 1 && windowMs > 0)) throw new RangeError(`a sliding window needs limit >= 1 and windowMs > 0, got ${limit}, ${windowMs}`);
  }

  /** Resolves when one more call fits in the window, with the function to call once it is answered (or failed). */
  acquire(): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<() => void> {
    for (;;) {
      const t = this.now();
      for (let i = this.slots.length - 1; i >= 0; i--) if (t - this.slots[i].answeredAt >= this.windowMs) this.slots.splice(i, 1);
      if (this.slots.length < this.limit) {
        const slot = { answeredAt: Infinity };
        this.slots.push(slot);
        return () => {
          if (slot.answeredAt !== Infinity) return;
          slot.answeredAt = this.now();
          this.wake?.();
        };
      }
      const earliest = Math.min(...this.slots.map((s) => s.answeredAt));
      await new Promise<void>((resolve) => {
        const timer = earliest === Infinity ? undefined : setTimeout(() => this.wake?.(), Math.max(1, earliest + this.windowMs - t));
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }
}
