import { accessRecordHash } from './record-hash';
import { headSignatureHolds, linkSignatureHolds, type HeadSigner } from '../registry/signing';
import type { AccessRecord } from './types';

export interface AccessLogVerification {
  ok: boolean;
  recordsChecked: number;
  /** The first record whose position, hash or link does not match; null when all do. */
  firstBadRecord: string | null;
}

/**
 * Recomputes every hash and follows the previousHash links, oldest first, stopping at the first
 * bad record. With the deployment's key, every signature must match and the head must be signed:
 * a chain rewritten whole with fresh hashes fails there, since the rewriter lacks the key.
 */
export async function verifyAccessRecords(records: AsyncIterable<AccessRecord> | Iterable<AccessRecord>, signer: HeadSigner | null = null): Promise<AccessLogVerification & { head: string | null }> {
  let previous: AccessRecord | null = null;
  let checked = 0;
  const bad = () => ({ ok: false, recordsChecked: checked, firstBadRecord: String(checked), head: previous?.hash ?? null });
  for await (const record of records) {
    checked += 1;
    const intact = record.seq === checked && record.previousHash === (previous?.hash ?? null) && accessRecordHash(record) === record.hash;
    if (!intact || !linkSignatureHolds(signer, record)) return bad();
    previous = record;
  }
  if (!headSignatureHolds(signer, previous)) return bad();
  return { ok: true, recordsChecked: checked, firstBadRecord: null, head: previous?.hash ?? null };
}
