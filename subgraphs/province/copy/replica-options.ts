import type { Clock } from '../../../adapters/kit/clock';
import type { LegacyCache } from '../../../adapters/kit/cache/legacy-cache';
import type { CacheOutcome } from '../../../adapters/kit/cache/read-through';
import type { Collection, CollectionRecord, ProvinceAdapter } from '../../../adapters/kit/province-adapter';
import type { RemovedRecords } from '../removed-records';
import type { RecordWindow } from './history-window';
import type { IndexOf } from './indexes';
import type { Snapshot } from './snapshot';

/** Where a replica keeps its copy for other instances of the subgraph and for its own restart. */
export interface SharedCopyOptions {
  cache: LegacyCache;
  key: string;
  /** How long past its maximum age the copy is kept, to be served stale when the system fails. */
  keepMs: number;
  /** The sync lease's time to live: renewed while its holder syncs; a holder that died is taken over after at most this. */
  leaseMs: number;
}

export interface ReplicaOptions<C extends Collection> {
  adapter: ProvinceAdapter;
  collection: C;
  clock: Clock;
  maxAgeMs: number;
  /** How long past its maximum age a copy still serves the pages after the first of a pull that started on it (or an older copy). */
  pullWindowMs: number;
  shared?: SharedCopyOptions;
  /** hit: served without asking the system; miss: synced; stale: the system failed and the last copy is served. */
  onOutcome?: (collection: C, outcome: CacheOutcome) => void;
  /** After each successful sync with the system, with the new copy. */
  onSynced?: (collection: C, snapshot: Snapshot<CollectionRecord[C], IndexOf[C]>) => void;
  /** Where records removed from the copy leave a tombstone, and records that come back lose theirs. */
  removed?: RemovedRecords;
  /** After a sync that changed records the copy already had a state for (never on the first sync): new and changed records. */
  onChanged?: (collection: C, changes: readonly RecordChange<CollectionRecord[C]>[]) => void;
  /** The records the copy keeps as time passes (waybills: the history window); the others are read by key. */
  window?: RecordWindow<CollectionRecord[C]>;
}

/** A record that a sync added (before: null) or changed (another updatedAt, or other content within the same second). */
export interface RecordChange<R> {
  before: R | null;
  after: R;
}
