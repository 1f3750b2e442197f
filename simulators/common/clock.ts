/**
 * The simulated clock: starts at SIM_NOW and runs with real time; tests move it forward to
 * expire tokens and cursors or to enter a maintenance window.
 */
export class SimClock {
  private readonly startedAt = Date.now();
  private offsetMs = 0;

  constructor(private readonly start: Date = new Date()) {}

  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.startedAt) + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jumps so that now() answers `to` at this instant. */
  set(to: Date): void {
    this.offsetMs += to.getTime() - this.now().getTime();
  }
}
