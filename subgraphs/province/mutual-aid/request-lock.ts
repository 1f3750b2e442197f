/** Serialises the attempts on one clientRequestId, so that concurrent repeats never send twice. */
export interface RequestLock {
  /** Runs `fn` holding the key's lock; throws LockBusyError when the lock is not had within the wait. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Another attempt with the same key held the lock for the whole wait. */
export class LockBusyError extends Error {
  constructor(readonly key: string, readonly waitedMs: number) {
    super(`another attempt with ${key} is in progress (waited ${waitedMs} ms)`);
    this.name = 'LockBusyError';
  }
}

interface Waiter {
  start: () => void;
}

/** A lock per key within this process: waiters run one after another in arrival order. */
export class InProcessLock implements RequestLock {
  private readonly queues = new Map<string, Waiter[]>();

  constructor(private readonly waitMs = 10_000) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await fn();
    } finally {
      this.release(key);
    }
  }

  async close(): Promise<void> {}

  private acquire(key: string): Promise<void> {
    const queue = this.queues.get(key);
    if (!queue) {
      this.queues.set(key, []);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(new LockBusyError(key, this.waitMs));
      }, this.waitMs);
      queue.push(waiter);
    });
  }

  private release(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (next) next.start();
    else this.queues.delete(key);
  }
}
