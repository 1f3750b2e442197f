/**
 * At most `limit` starts in any sliding window of `windowMs`, granted in the order asked: the
 * pacing that a legacy system's "N requests a second" allows, bursts included. Spacing every start
 * 1/N s apart also keeps within the limit, but makes the N-th call of a burst wait (N-1)/N s for
 * nothing; with latency on every call, that wait is on the query's critical path.
 */
export class SlidingWindowPacer {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit >= 1 && windowMs > 0)) throw new RangeError(`a sliding window needs limit >= 1 and windowMs > 0, got ${limit}, ${windowMs}`);
  }

  /** Resolves when one more start fits in the window, and counts it. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.starts.length > 0 && t - this.starts[0] >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(t);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, this.starts[0] + this.windowMs - t)));
    }
  }
}
