import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

/**
 * Append-only storage of access records. `append` chains the entries after the current head and
 * writes them in one atomic step across processes, so that concurrent writers never fork the chain.
 */
export interface AccessLogStore {
  append(entries: readonly AccessEntry[]): Promise<AccessRecord[]>;
  /** Every record, oldest first, as stored (a record altered in place is returned altered). */
  scan(): AsyncIterable<AccessRecord>;
  head(): Promise<AccessLogHead | null>;
  close(): Promise<void>;
}
