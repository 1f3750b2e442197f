import type { ProvinceCode } from '../model';

export const ACCESS_KINDS = ['QUERY', 'MUTATION', 'SUBSCRIPTION_EVENT', 'WEBHOOK'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** Records of one catalog entry of one province, released to the caller or refused (contract AccessRelease). */
export interface AccessRelease {
  entry: string;
  province: ProvinceCode;
  records: number;
}

/** What one request released or refused, as the gateway learnt it; never data values, never tokens. */
export interface AccessEntry {
  at: string;
  requestId: string;
  sub: string | null;
  role: string | null;
  province: ProvinceCode | null;
  clientName: string | null;
  operationName: string | null;
  operationHash: string;
  kind: AccessKind;
  released: AccessRelease[];
  refused: AccessRelease[];
  outcome: 'OK' | 'PARTIAL' | 'ERROR';
}

/** An entry as chained into the log: its position (1-based), its predecessor's hash and its own. */
export interface AccessRecord extends AccessEntry {
  seq: number;
  previousHash: string | null;
  hash: string;
  /** Ed25519 over `hash`, on the last record of each batch when the deployment signs (not part of the hash). */
  signature?: string;
}

export interface AccessLogHead {
  seq: number;
  hash: string;
}

/**
 * What closes a segment of the access log: its last record's position and hash, how many records
 * it holds, and when it closed; chained to the checkpoint before it and signed, so that the
 * segments left after older ones are archived or removed still verify, and a removed one shows.
 */
export interface AccessLogCheckpoint {
  /** 1, 2, …: segment n is closed by checkpoint n. */
  segment: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  lastHash: string;
  closedAt: string;
  /** The checkpoint before; null for the first. */
  previousHash: string | null;
  hash: string;
  /** Ed25519 over `hash` where the deployment signs. */
  signature?: string;
}

/** One segment as stored: a closed one (with its checkpoint) or the current one; `present` false once its records were removed or archived. */
export interface StoredSegment {
  /** Names the segment for reads: `current`, or `segment-N`. */
  key: string;
  checkpoint: AccessLogCheckpoint | null;
  present: boolean;
}

/** A record with where it is stored in its segment (a byte offset in a file, an id in a stream). */
export interface PlacedRecord {
  record: AccessRecord;
  position: number | string;
}
