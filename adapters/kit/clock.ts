/** The time the gateway's logic runs at: real time, or real time shifted to start at a given instant (CLOCK_NOW). */
export class Clock {
  /** Milliseconds added to the real time. */
  constructor(private readonly offsetMs = 0) {}

  /** A clock that reads `start` now and runs on with real time. */
  static startingAt(start: Date): Clock {
    return new Clock(start.getTime() - Date.now());
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
