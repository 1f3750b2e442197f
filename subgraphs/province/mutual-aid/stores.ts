import { connectRedisStore } from '../../../schema/cache/redis-connection';
import { InProcessJournal, type MutualAidJournal } from './journal';
import { RedisJournal } from './redis-journal';
import { RedisLock } from './redis-lock';
import { InProcessLock, type RequestLock } from './request-lock';

/** Where the journal and the locks live, and the timings of reconciliation. */
export interface MutualAidStores {
  journal: MutualAidJournal;
  lock: RequestLock;
  /** Anhui: wait after an unanswered attempt before its listing is trusted (MUTUAL_AID_SETTLE_MS). */
  settleMs?: number;
  /** Anhui: how far back the listing is read (MUTUAL_AID_LOOKBACK_MS). */
  lookbackMs?: number;
  close(): Promise<void>;
}

export interface MutualAidTimings {
  settleMs?: number;
  lookbackMs?: number;
  /** How long a repeat waits for a concurrent attempt with the same clientRequestId. */
  lockWaitMs?: number;
}

/** One process's journal and locks: enough for a single replica; lost on restart. */
export function inProcessMutualAidStores(timings: MutualAidTimings = {}): MutualAidStores {
  return { journal: new InProcessJournal(), lock: new InProcessLock(timings.lockWaitMs), settleMs: timings.settleMs, lookbackMs: timings.lookbackMs, close: async () => undefined };
}

/** Journal and locks in Redis: shared by replicas, kept across restarts. */
export function redisMutualAidStores(url: string, timings: MutualAidTimings & { prefix?: string } = {}): MutualAidStores {
  const { redis, prefix } = connectRedisStore(url, timings.prefix ?? 'yrd:mutual-aid:', { maxRetriesPerRequest: 2 });
  return {
    journal: new RedisJournal(redis, prefix),
    lock: new RedisLock(redis, { prefix: `${prefix}lock:`, waitMs: timings.lockWaitMs }),
    settleMs: timings.settleMs,
    lookbackMs: timings.lookbackMs,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Redis when a URL is given (shared by replicas); otherwise in process. */
export function openMutualAidStores(redisUrl: string | null, timings: MutualAidTimings): MutualAidStores {
  return redisUrl ? redisMutualAidStores(redisUrl, timings) : inProcessMutualAidStores(timings);
}
