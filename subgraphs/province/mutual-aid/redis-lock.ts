import { randomUUID } from 'node:crypto';
import type { Cluster, default as Redis } from 'ioredis';
import { LockBusyError, type RequestLock } from './request-lock';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface RedisLockOptions {
  prefix?: string;
  /** The lock's lease; renewed every third of it while the holder works. Default 15 000. */
  leaseMs?: number;
  /** How long a second attempt waits for the first. Default 10 000. */
  waitMs?: number;
  /** Between tries to take a held lock. Default 25. */
  pollMs?: number;
}

/**
 * A lock per key shared by every process on the Redis: SET NX PX with a random token, a lease
 * renewed while the holder works (so a crashed holder frees the key after one lease), and a
 * release that deletes only the holder's own token.
 */
export class RedisLock implements RequestLock {
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis | Cluster,
    options: RedisLockOptions = {},
  ) {
    this.prefix = options.prefix ?? 'yrd:mutual-aid:lock:';
    this.leaseMs = options.leaseMs ?? 15_000;
    this.waitMs = options.waitMs ?? 10_000;
    this.pollMs = options.pollMs ?? 25;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const name = `${this.prefix}${key}`;
    const token = randomUUID();
    await this.acquire(name, token, key);
    const renew = setInterval(() => {
      this.redis.eval(EXTEND, 1, name, token, String(this.leaseMs)).catch(() => undefined);
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, name, token).catch(() => undefined);
    }
  }

  async close(): Promise<void> {}

  private async acquire(name: string, token: string, key: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const taken = await this.redis.set(name, token, 'PX', this.leaseMs, 'NX');
      if (taken === 'OK') return;
      if (Date.now() >= deadline) throw new LockBusyError(key, this.waitMs);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }
}
