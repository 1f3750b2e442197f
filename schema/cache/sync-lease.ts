import { randomUUID } from 'node:crypto';
import type { SharedCache } from './shared-cache';

/** The lease could not be asked (the cache failed): the holder of this token syncs on its own. */
export const UNLEASED = 'unleased';

/**
 * The lease under which one of the processes sharing a cache syncs a copy: short, and renewed by
 * compare-and-set every third of its time to live while its holder syncs, so that a holder that
 * died (or lost Redis) is taken over within one lease while one whose sync is long keeps it; given
 * back when the sync ends, and on close.
 */
export class SyncLease {
  /**
   * Tokens no longer held, for one lease time after they stopped being renewed: any may still hold
   * the lease after a failover (reclaimGiven). `reached`: the cache answered its release; one it did
   * not answer is released again before the next lease is asked.
   */
  private readonly given = new Map<string, { at: number; reached: boolean }>();
  /** The renewal of each lease held. */
  private readonly renewals = new Map<string, NodeJS.Timeout>();
  /** Asks under way. */
  private readonly asking = new Set<Promise<string | null>>();
  private closed = false;

  constructor(
    private readonly cache: SharedCache,
    private readonly key: string,
    private readonly leaseMs: number,
  ) {}

  /**
   * A token for the lease, renewed until it is released; null while another process holds it,
   * UNLEASED when the cache cannot say, or once closed (no lease is taken then).
   */
  async take(): Promise<string | null> {
    // A release that did not reach Redis (it was failing over) would leave this process waiting on its own lease until it runs out.
    for (const token of this.unreleased()) await this.release(token);
    if (this.closed) return UNLEASED;
    const token = await this.ask();
    if (token !== null || !(await this.reclaimGiven())) return token;
    return this.ask();
  }

  /** Asks the cache for the lease; close() waits for an ask under way, so that a lease taken as it closes is given back too. */
  private async ask(): Promise<string | null> {
    const asked = this.askOnce();
    this.asking.add(asked);
    return asked.finally(() => this.asking.delete(asked));
  }

  /** Asks under a token of this process's making, so that the token is known even when the answer is lost. */
  private async askOnce(): Promise<string | null> {
    const token = randomUUID();
    const taken = await this.cache.lease(this.key, this.leaseMs, token).catch(() => {
      this.remember(token);
      return UNLEASED;
    });
    if (taken === null || taken === UNLEASED) return taken;
    if (this.closed) {
      await this.release(taken);
      return UNLEASED;
    }
    this.renewWhileHeld(taken);
    return taken;
  }

  /**
   * Releases again the tokens this process gave back (or asked for without an answer) within the
   * last lease: a failover can bring one back, a replica promoted before the dead master passed
   * it the release (Redis replicates asynchronously), and this process would then wait on its own
   * lease, which nobody renews or releases, until it runs out. True when there were any. A token
   * whose release the cache answered is forgotten, so that a process waiting on another's lease
   * asks this once, not at every poll.
   */
  private async reclaimGiven(): Promise<boolean> {
    this.forgetExpired();
    const tokens = [...this.given.keys()];
    if (tokens.length === 0) return false;
    const answered = await Promise.all(tokens.map((token) => this.cache.release(this.key, token).catch(() => false)));
    tokens.forEach((token, i) => answered[i] && this.given.delete(token));
    return true;
  }

  async release(token: string): Promise<void> {
    if (token === UNLEASED) return;
    this.stopRenewing(token);
    this.remember(token);
    const released = await this.cache.release(this.key, token).catch(() => false);
    const given = this.given.get(token);
    if (given) given.reached = released;
  }

  /** Gives back the leases held, or given back without reaching Redis, so that a process that stops leaves nobody waiting on it; takes no other. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.asking]);
    await Promise.all([...this.renewals.keys(), ...this.unreleased()].map((token) => this.release(token)));
  }

  /** Tokens given back within the last lease time whose release the cache did not answer. */
  private unreleased(): string[] {
    this.forgetExpired();
    return [...this.given].filter(([, given]) => !given.reached).map(([token]) => token);
  }

  /** Keeps a token no longer held for one lease time (the longest it can outlive its last renewal); its release not (yet) answered. */
  private remember(token: string): void {
    this.forgetExpired();
    this.given.set(token, { at: Date.now(), reached: false });
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [token, given] of this.given) if (now - given.at > this.leaseMs) this.given.delete(token);
  }

  /** Renews the lease every third of its time to live until it is released, or the cache answers that it is no longer this token's. */
  private renewWhileHeld(token: string): void {
    const timer = setInterval(() => {
      void this.cache.renew(this.key, token, this.leaseMs).then(
        (held) => {
          if (!held) this.stopRenewing(token);
        },
        () => undefined,
      );
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    timer.unref();
    this.renewals.set(token, timer);
  }

  private stopRenewing(token: string): void {
    clearInterval(this.renewals.get(token));
    this.renewals.delete(token);
  }
}
