import type { AccessEntry, AccessLogCheckpoint, AccessLogHead, AccessRecord, PlacedRecord, StoredSegment } from './types';

/**
 * Append-only storage of access records. `append` chains the entries after the current head and
 * writes them in one atomic step across processes, so that concurrent writers never fork the chain.
 */
export interface AccessLogStore {
  append(entries: readonly AccessEntry[]): Promise<AccessRecord[]>;
  /** Every record still stored, oldest first, as stored (a record altered in place is returned altered). */
  scan(): AsyncIterable<AccessRecord>;
  head(): Promise<AccessLogHead | null>;
  close(): Promise<void>;
}

/**
 * A log kept in segments: `rotate` closes the current segment with a signed checkpoint, and the
 * chain goes on in a new current segment from it. Closed segments can be archived (copied out as
 * JSON lines) or removed; their checkpoints stay, so that what remains verifies and a removed
 * segment shows as removed.
 */
export interface SegmentedAccessLogStore extends AccessLogStore {
  checkpoints(): Promise<AccessLogCheckpoint[]>;
  /** Closes the current segment; null when it holds no record. */
  rotate(closedAt?: Date): Promise<AccessLogCheckpoint | null>;
  /** The closed segments, oldest first, then the current one. */
  segments(): Promise<StoredSegment[]>;
  /** A segment's records from after `after` (a position read before; null: from its start), with their positions, in chunks as read. */
  read(segment: string, after: number | string | null): AsyncIterable<PlacedRecord[]>;
  /** A segment's records as stored (each one's JSON line, without a newline), in chunks as read: what verification hashes. */
  readLines(segment: string): AsyncIterable<Buffer[]>;
  /** Records of one segment by their positions, in the order asked. */
  fetch(segment: string, positions: readonly (number | string)[]): Promise<AccessRecord[]>;
  /** Writes a closed segment's records to `file` as JSON lines; the segment stays until removed. */
  archiveSegment(segment: number, file: string): Promise<void>;
  /** Deletes a closed segment's records; its checkpoint stays. */
  removeSegment(segment: number): Promise<void>;
  /** The search index's last snapshot (kept beside the log); null when none was saved. */
  loadIndexSnapshot(): Promise<Buffer | null>;
  /** Replaces the snapshot in one step: a reader sees the old one or the new one whole. */
  saveIndexSnapshot(data: Buffer): Promise<void>;
}

export const CURRENT_SEGMENT = 'current';
export const segmentKey = (segment: number): string => `segment-${segment}`;
