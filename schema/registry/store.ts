import type { SchemaCheckRecord, SchemaVersionRecord } from './types';

/** What a store needs of a version: its place in the chain. */
export interface ChainedRecord {
  number: number;
  hash: string;
  previousHash: string | null;
}

/**
 * Append-only storage of versions and checks. `appendVersion` is atomic across processes: it
 * succeeds only when the version's number is the next one and its previousHash is the current
 * head's hash, and otherwise throws RegistryError VERSION_CONFLICT without writing, so that
 * concurrent publishers never lose or duplicate a version. The schema registry stores schema
 * versions; the catalog registry stores catalog versions in a store of its own.
 */
export interface RegistryStore<V extends ChainedRecord = SchemaVersionRecord, C = SchemaCheckRecord> {
  /** Every version, oldest first. */
  versions(): Promise<V[]>;
  version(number: number): Promise<V | null>;
  latestVersion(): Promise<V | null>;
  /** Every check, oldest first. */
  checks(): Promise<C[]>;
  /** The newest version's hash as kept apart from the versions, by a store that keeps it (null: no version yet). */
  headHash?(): Promise<string | null>;
  /** Appends a version together with the check that accepted it, and announces it as live. */
  appendVersion(version: V, check: C): Promise<void>;
  appendCheck(check: C): Promise<void>;
  /** Called with the number of each new live version, whichever process appended it. */
  onLiveVersion(listener: (number: number) => void): () => void;
  close(): Promise<void>;
}
