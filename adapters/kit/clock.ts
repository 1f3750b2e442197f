/** The time the gateway's logic runs at: real time, or real time shifted to start at CLOCK_NOW. */
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

/** CLOCK_NOW (ISO-8601) sets the starting instant, for tests and demos; unset means real time. */
export function clockFromEnv(env: Record<string, string | undefined> = process.env): Clock {
  const start = env.CLOCK_NOW?.trim();
  if (!start) return new Clock();
  const t = Date.parse(start);
  if (Number.isNaN(t)) throw new Error(`CLOCK_NOW is not an ISO-8601 time: "${start}"`);
  return Clock.startingAt(new Date(t));
}
