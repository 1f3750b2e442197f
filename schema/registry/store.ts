import type { SchemaCheckRecord, SchemaVersionRecord } from './types';

/**
 * Append-only storage of versions and checks. `appendVersion` is atomic across processes: it
 * succeeds only when the version's number is the next one and its previousHash is the current
 * head's hash, and otherwise throws RegistryError VERSION_CONFLICT without writing, so that
 * concurrent publishers never lose or duplicate a version.
 */
export interface RegistryStore {
  /** Every version, oldest first. */
  versions(): Promise<SchemaVersionRecord[]>;
  version(number: number): Promise<SchemaVersionRecord | null>;
  latestVersion(): Promise<SchemaVersionRecord | null>;
  /** Every check, oldest first. */
  checks(): Promise<SchemaCheckRecord[]>;
  /** The newest version's hash as kept apart from the versions, by a store that keeps it (null: no version yet). */
  headHash?(): Promise<string | null>;
  /** Appends a version together with the check that accepted it, and announces it as live. */
  appendVersion(version: SchemaVersionRecord, check: SchemaCheckRecord): Promise<void>;
  appendCheck(check: SchemaCheckRecord): Promise<void>;
  /** Called with the number of each new live version, whichever process appended it. */
  onLiveVersion(listener: (number: number) => void): () => void;
  close(): Promise<void>;
}
