import type { SimClock } from '../common/clock';

export interface RateLimitSettings {
  /** Requests allowed per key in one window. */
  limit: number;
  windowMs: number;
}

/**
 * A fixed-window limit per API key on the simulated clock; off unless configured. Answers the
 * seconds to wait (Retry-After) when a key is over its limit.
 */
export class KeyRateLimit {
  private settings: RateLimitSettings | null;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: SimClock, settings?: RateLimitSettings) {
    this.settings = settings ?? null;
  }

  get current(): RateLimitSettings | null {
    return this.settings;
  }

  configure(settings: RateLimitSettings | null): void {
    this.settings = settings;
    this.windows.clear();
  }

  /** Undefined when the request may pass; else the whole seconds until the key's window ends. */
  retryAfterSeconds(key: string): number | undefined {
    const s = this.settings;
    if (s === null) return undefined;
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (w === undefined || now - w.start >= s.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= s.limit) return undefined;
    return Math.max(1, Math.ceil((w.start + s.windowMs - now) / 1000));
  }
}
