import { canonicalJson, sha256 } from '../registry/version-hash';
import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

/** sha256 over the canonical JSON of everything in the record except its own hash. */
export function accessRecordHash(record: Omit<AccessRecord, 'hash'>): string {
  const { seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome } = record;
  return sha256(canonicalJson({ seq, previousHash, at, requestId, sub, role, province, clientName, operationName, operationHash, kind, released, refused, outcome }));
}

/** Chains entries after the head: each gets the next position and its predecessor's hash. */
export function chainEntries(head: AccessLogHead | null, entries: readonly AccessEntry[]): AccessRecord[] {
  let seq = head?.seq ?? 0;
  let previousHash = head?.hash ?? null;
  return entries.map((entry) => {
    seq += 1;
    const unhashed = { ...entry, seq, previousHash };
    const record = { ...unhashed, hash: accessRecordHash(unhashed) };
    previousHash = record.hash;
    return record;
  });
}
