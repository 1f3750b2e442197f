import { randomBytes } from 'node:crypto';
import type { SimClock } from '../common/clock';

/** Login tokens that expire on the simulated clock, and the per-token rate limit on real time. */

export const TOKEN_LIFETIME_MS = 2 * 3600_000;

export class TokenIssuer {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly clock: SimClock) {}

  issue(): { token: string; expiresAt: Date } {
    const token = randomBytes(16).toString('hex');
    const expiresAt = this.clock.now().getTime() + TOKEN_LIFETIME_MS;
    this.expiries.set(token, expiresAt);
    return { token, expiresAt: new Date(expiresAt) };
  }

  valid(token: string | null): boolean {
    if (!token) return false;
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return false;
    if (this.clock.now().getTime() >= expiresAt) {
      this.expiries.delete(token);
      return false;
    }
    return true;
  }
}

/** At most `limit` admitted requests per key in any sliding window of `windowMs` (real time). */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, number[]>();
  refused = 0;

  constructor(
    private limit = 5,
    private windowMs = 1000,
  ) {}

  /** The documented 5 a second unless a test raises it (POST /__sim/rate-limit). */
  get current(): { limit: number; windowMs: number } {
    return { limit: this.limit, windowMs: this.windowMs };
  }

  configure(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  admit(key: string, now = performance.now()): boolean {
    const recent = (this.admitted.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.admitted.set(key, recent);
      this.refused += 1;
      return false;
    }
    recent.push(now);
    this.admitted.set(key, recent);
    return true;
  }
}
