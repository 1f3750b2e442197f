import { canonicalJson, sha256 } from '../registry/version-hash';
import { signHead, type HeadSigner } from '../registry/signing';
import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

/** sha256 over the canonical JSON of everything in the record except its own hash. */
export function accessRecordHash(record: Omit<AccessRecord, 'hash'>): string {
  const { seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome } = record;
  return sha256(canonicalJson({ seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome }));
}

/** Chains entries after the head: each gets the next position and its predecessor's hash; the new head is signed when a signer is given. */
export function chainEntries(head: AccessLogHead | null, entries: readonly AccessEntry[], signer: HeadSigner | null = null): AccessRecord[] {
  let seq = head?.seq ?? 0;
  let previousHash = head?.hash ?? null;
  const records: AccessRecord[] = entries.map((entry) => {
    seq += 1;
    const unhashed = { ...entry, seq, previousHash };
    const record = { ...unhashed, hash: accessRecordHash(unhashed) };
    previousHash = record.hash;
    return record;
  });
  const last = records[records.length - 1];
  const signature = last ? signHead(signer, last) : null;
  if (last && signature) last.signature = signature;
  return records;
}
