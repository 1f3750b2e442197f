import type { ChainedRecord, RegistryStore } from './store';

/**
 * What the schema and catalog registries share: reading a store's chain of versions and its
 * checks, following the live version, and running one publish at a time in this process.
 */
export abstract class ChainedHistory<V extends ChainedRecord, C> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly store: RegistryStore<V, C>) {}

  /** Every version, oldest first. */
  history(): Promise<V[]> {
    return this.store.versions();
  }

  version(number: number): Promise<V | null> {
    return this.store.version(number);
  }

  liveVersion(): Promise<V | null> {
    return this.store.latestVersion();
  }

  /** Every publish attempt, oldest first. */
  checks(): Promise<C[]> {
    return this.store.checks();
  }

  onLiveVersion(listener: (number: number) => void): () => void {
    return this.store.onLiveVersion(listener);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  protected serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
