import { parseRecord } from './jsonl-reader';
import { accessRecordHash } from './record-hash';
import { storedLineLink, type ChainLink } from './stored-line';
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
export function verifyAccessRecords(records: RecordSource, signer: HeadSigner | null = null, options: RecordsVerifyOptions = {}): Promise<AccessLogVerification & { head: ChainLink | null }> {
  return verifyChain(chunksOf(records), signer, options);
}

/** A record to check: parsed, or as stored (a line, hashed as it is when it has the stored layout). */
type Checked = AccessRecord | Buffer;

async function verifyChain(items: AsyncIterable<Checked[]>, signer: HeadSigner | null, options: RecordsVerifyOptions): Promise<AccessLogVerification & { head: ChainLink | null }> {
  let previous: ChainLink | null = null;
  let seq = options.after?.seq ?? 0;
  let previousHash = options.after?.hash ?? null;
  let checked = 0;
  const bad = () => ({ ok: false, recordsChecked: checked, firstBadRecord: String(seq), head: previous });
  for await (const chunk of items) {
    for (const item of chunk) {
      checked += 1;
      seq += 1;
      const link = linkOf(item, seq, previousHash);
      if (!link || link.seq !== seq || link.previousHash !== previousHash || !linkSignatureHolds(signer, link)) return bad();
      previous = link;
      previousHash = link.hash;
    }
  }
  if ((options.signedHead ?? true) && !headSignatureHolds(signer, previous)) return bad();
  return { ok: true, recordsChecked: checked, firstBadRecord: null, head: previous };
}

/**
 * The record's link when its hash matches its content, else null. A stored line is first hashed
 * as it is (no parsing); when that fails or does not continue the chain (a line in an older
 * layout, or altered), it is parsed and its canonical form hashed, which decides.
 */
function linkOf(item: Checked, seq: number, previousHash: string | null): ChainLink | null {
  if (!Buffer.isBuffer(item)) return accessRecordHash(item) === item.hash ? item : null;
  const stored = storedLineLink(item);
  if (stored && stored.seq === seq && stored.previousHash === previousHash) return stored;
  return linkOf(parseRecord(item.toString('utf8')), seq, previousHash);
}

async function* chunksOf(records: RecordSource): AsyncIterable<AccessRecord[]> {
  for await (const item of records) yield Array.isArray(item) ? item : [item];
}

/** A closed segment's records against its checkpoint (also an archived copy of them): chained from the checkpoint before, ending where it says. */
export function verifySegment(records: RecordSource, checkpoint: AccessLogCheckpoint, previous: AccessLogCheckpoint | null, signer: HeadSigner | null): Promise<AccessLogVerification> {
  return verifyAgainst(chunksOf(records), checkpoint, previous, signer);
}

async function verifyAgainst(items: AsyncIterable<Checked[]>, checkpoint: AccessLogCheckpoint, previous: AccessLogCheckpoint | null, signer: HeadSigner | null): Promise<AccessLogVerification> {
  const result = await verifyChain(items, signer, { after: headAfter(previous), signedHead: false });
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
      const result = checkpointHolds && present ? await verifyAgainst(store.readLines(key), checkpoint, previous, signer) : null;
      recordsChecked += result?.recordsChecked ?? 0;
      if (!checkpointHolds || (result && !result.ok)) {
        segments.push({ ...facts, state: 'BAD' });
        return { ok: false, recordsChecked, firstBadRecord: result?.firstBadRecord ?? String(checkpoint.firstSeq), segments };
      }
      segments.push({ ...facts, state: present ? 'VERIFIED' : 'REMOVED' });
      previous = checkpoint;
      continue;
    }
    const result = await verifyChain(store.readLines(key), signer, { after: headAfter(previous) });
    recordsChecked += result.recordsChecked;
    const firstSeq = (previous?.lastSeq ?? 0) + 1;
    segments.push({ segment: null, firstSeq, lastSeq: result.head?.seq ?? null, count: result.recordsChecked, closedAt: null, state: result.ok ? 'VERIFIED' : 'BAD' });
    if (!result.ok) return { ok: false, recordsChecked, firstBadRecord: result.firstBadRecord, segments };
  }
  return { ok: true, recordsChecked, firstBadRecord: null, segments };
}
