import { accessRecordHash } from './record-hash';
import { headSignatureHolds, linkSignatureHolds, type HeadSigner } from '../registry/signing';
import { checkpointIntact, headAfter } from './checkpoint';
import type { SegmentedAccessLogStore } from './store';
import type { AccessLogCheckpoint, AccessLogHead, AccessRecord } from './types';

export interface AccessLogVerification {
  ok: boolean;
  recordsChecked: number;
  /** The first record whose position, hash or link does not match; null when all do. */
  firstBadRecord: string | null;
}

export type SegmentState = 'VERIFIED' | 'REMOVED' | 'BAD';

/** One segment as verification found it (the current one has no checkpoint). */
export interface SegmentVerification {
  segment: number | null;
  firstSeq: number;
  lastSeq: number | null;
  count: number;
  closedAt: string | null;
  state: SegmentState;
}

export interface SegmentedVerification extends AccessLogVerification {
  segments: SegmentVerification[];
}

/** Records one by one or in chunks (as a store reads them: checking a chunk costs no await per record). */
export type RecordSource = AsyncIterable<AccessRecord | AccessRecord[]> | Iterable<AccessRecord | AccessRecord[]>;

export interface RecordsVerifyOptions {
  /** Where the records go on from: a checkpoint's last record (null: the log's start). */
  after?: AccessLogHead | null;
  /** Whether the last record must be signed (the current segment: yes; a closed one is covered by its checkpoint's signature). */
  signedHead?: boolean;
}

/**
 * Recomputes every hash and follows the previousHash links, oldest first, stopping at the first
 * bad record. With the deployment's key, every signature must match and the head must be signed:
 * a chain rewritten whole with fresh hashes fails there, since the rewriter lacks the key.
 */
export async function verifyAccessRecords(
  records: RecordSource,
  signer: HeadSigner | null = null,
  options: RecordsVerifyOptions = {},
): Promise<AccessLogVerification & { head: AccessRecord | null }> {
  let previous: AccessRecord | null = null;
  let seq = options.after?.seq ?? 0;
  let previousHash = options.after?.hash ?? null;
  let checked = 0;
  const bad = () => ({ ok: false, recordsChecked: checked, firstBadRecord: String(seq), head: previous });
  for await (const item of records) {
    for (const record of Array.isArray(item) ? item : [item]) {
      checked += 1;
      seq += 1;
      const intact = record.seq === seq && record.previousHash === previousHash && accessRecordHash(record) === record.hash;
      if (!intact || !linkSignatureHolds(signer, record)) return bad();
      previous = record;
      previousHash = record.hash;
    }
  }
  if ((options.signedHead ?? true) && !headSignatureHolds(signer, previous)) return bad();
  return { ok: true, recordsChecked: checked, firstBadRecord: null, head: previous };
}

/** A closed segment's records against its checkpoint (also an archived copy of them): chained from the checkpoint before, ending where it says. */
export async function verifySegment(
  records: RecordSource,
  checkpoint: AccessLogCheckpoint,
  previous: AccessLogCheckpoint | null,
  signer: HeadSigner | null,
): Promise<AccessLogVerification> {
  const result = await verifyAccessRecords(records, signer, { after: headAfter(previous), signedHead: false });
  if (!result.ok) return { ok: false, recordsChecked: result.recordsChecked, firstBadRecord: result.firstBadRecord };
  const complete = result.recordsChecked === checkpoint.count && result.head?.hash === checkpoint.lastHash;
  const firstMissing = String((result.head?.seq ?? checkpoint.firstSeq - 1) + 1);
  return complete ? { ok: true, recordsChecked: result.recordsChecked, firstBadRecord: null } : { ok: false, recordsChecked: result.recordsChecked, firstBadRecord: firstMissing };
}

/**
 * The whole log as stored: the checkpoints' chain and signatures, each closed segment still
 * present against its checkpoint, and the current segment from the last checkpoint. A segment
 * removed (or archived and removed) is listed as REMOVED; what remains still verifies.
 */
export async function verifyAccessLog(store: SegmentedAccessLogStore, signer: HeadSigner | null = null): Promise<SegmentedVerification> {
  const segments: SegmentVerification[] = [];
  let recordsChecked = 0;
  let previous: AccessLogCheckpoint | null = null;
  const stored = await store.segments();
  for (const { key, checkpoint, present } of stored) {
    if (checkpoint) {
      const facts = { segment: checkpoint.segment, firstSeq: checkpoint.firstSeq, lastSeq: checkpoint.lastSeq, count: checkpoint.count, closedAt: checkpoint.closedAt };
      const checkpointHolds = checkpointIntact(checkpoint, previous) && linkSignatureHolds(signer, checkpoint) && headSignatureHolds(signer, checkpoint);
      const result = checkpointHolds && present ? await verifySegment(recordsOf(store, key), checkpoint, previous, signer) : null;
      recordsChecked += result?.recordsChecked ?? 0;
      if (!checkpointHolds || (result && !result.ok)) {
        segments.push({ ...facts, state: 'BAD' });
        return { ok: false, recordsChecked, firstBadRecord: result?.firstBadRecord ?? String(checkpoint.firstSeq), segments };
      }
      segments.push({ ...facts, state: present ? 'VERIFIED' : 'REMOVED' });
      previous = checkpoint;
      continue;
    }
    const result = await verifyAccessRecords(recordsOf(store, key), signer, { after: headAfter(previous) });
    recordsChecked += result.recordsChecked;
    const firstSeq = (previous?.lastSeq ?? 0) + 1;
    segments.push({ segment: null, firstSeq, lastSeq: result.head?.seq ?? null, count: result.recordsChecked, closedAt: null, state: result.ok ? 'VERIFIED' : 'BAD' });
    if (!result.ok) return { ok: false, recordsChecked, firstBadRecord: result.firstBadRecord, segments };
  }
  return { ok: true, recordsChecked, firstBadRecord: null, segments };
}

async function* recordsOf(store: SegmentedAccessLogStore, segment: string): AsyncIterable<AccessRecord[]> {
  for await (const chunk of store.read(segment, null)) yield chunk.map((placed) => placed.record);
}
