import { signHead, type HeadSigner } from '../registry/signing';
import { canonicalJson, sha256 } from '../registry/version-hash';
import type { AccessLogCheckpoint, AccessLogHead } from './types';

export function checkpointHash(checkpoint: Omit<AccessLogCheckpoint, 'hash' | 'signature'>): string {
  const { segment, firstSeq, lastSeq, count, lastHash, closedAt, previousHash } = checkpoint;
  return sha256(canonicalJson({ segment, firstSeq, lastSeq, count, lastHash, closedAt, previousHash }));
}

/** The checkpoint that closes the segment after `previous` at `head`, signed when a signer is given. */
export function sealCheckpoint(previous: AccessLogCheckpoint | null, head: AccessLogHead, closedAt: string, signer: HeadSigner | null): AccessLogCheckpoint {
  const firstSeq = (previous?.lastSeq ?? 0) + 1;
  const unsealed = { segment: (previous?.segment ?? 0) + 1, firstSeq, lastSeq: head.seq, count: head.seq - firstSeq + 1, lastHash: head.hash, closedAt, previousHash: previous?.hash ?? null };
  const hash = checkpointHash(unsealed);
  const signature = signHead(signer, { hash });
  return { ...unsealed, hash, ...(signature ? { signature } : {}) };
}

/** Where the chain goes on after the last checkpoint: the head it closed at (null before any). */
export function headAfter(checkpoint: AccessLogCheckpoint | null | undefined): AccessLogHead | null {
  return checkpoint ? { seq: checkpoint.lastSeq, hash: checkpoint.lastHash } : null;
}

/** Whether checkpoint i follows the one before: its number, its first position and its link. */
export function checkpointIntact(checkpoint: AccessLogCheckpoint, previous: AccessLogCheckpoint | null): boolean {
  return (
    checkpoint.segment === (previous?.segment ?? 0) + 1 &&
    checkpoint.firstSeq === (previous?.lastSeq ?? 0) + 1 &&
    checkpoint.count === checkpoint.lastSeq - checkpoint.firstSeq + 1 &&
    checkpoint.previousHash === (previous?.hash ?? null) &&
    checkpointHash(checkpoint) === checkpoint.hash
  );
}
