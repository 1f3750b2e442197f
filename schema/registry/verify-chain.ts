import { firstBadSignature, type HeadSigner, type SignedLink } from './signing';
import type { ChainedRecord } from './store';
import type { SchemaHistoryVerification, SchemaVersionRecord } from './types';
import { versionHash } from './version-hash';

/**
 * What the store holds about the newest versions apart from the versions themselves, read before
 * them (so that a version appended in between never looks missing).
 */
export interface ChainAnchors {
  /** The highest version number any check names (an accepted publish, or an unchanged one naming the live version). */
  highestReferenced?: number;
  /** The head hash the store keeps beside the versions, where it keeps one (Redis). */
  headHash?: string | null;
}

/**
 * Recomputes every hash and follows the previousHash links; the first version that does not
 * match its content, its position or its predecessor is reported. Removing the newest versions
 * leaves an intact but shorter chain: the anchors catch that, when they outlive the removal. With
 * the deployment's key, the signatures are checked last: a chain rewritten whole with fresh
 * hashes is intact, and only they tell it apart.
 */
export function verifyChain(versions: readonly SchemaVersionRecord[], anchors: ChainAnchors = {}, signer: HeadSigner | null = null): SchemaHistoryVerification {
  return verifyHashChain(versions, versionHash, anchors, signer);
}

/** The same walk over any chain of versions (the catalog's), given how a version's hash is computed. */
export function verifyHashChain<V extends ChainedRecord & SignedLink>(versions: readonly V[], hashOf: (version: V) => string, anchors: ChainAnchors = {}, signer: HeadSigner | null = null): SchemaHistoryVerification {
  let previous: string | null = null;
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    const intact = v.number === i + 1 && v.previousHash === previous && hashOf(v) === v.hash;
    if (!intact) return { ok: false, versionsChecked: i + 1, firstBadVersion: i + 1, cause: 'altered' };
    previous = v.hash;
  }
  const count = versions.length;
  const referencedExists = (anchors.highestReferenced ?? 0) <= count;
  const headExists = !anchors.headHash || versions.some((v) => v.hash === anchors.headHash);
  if (!referencedExists || !headExists) return { ok: false, versionsChecked: count, firstBadVersion: count + 1, cause: 'missing' };
  const unsigned = firstBadSignature(signer, versions);
  if (unsigned !== null) return { ok: false, versionsChecked: count, firstBadVersion: unsigned + 1, cause: 'signature' };
  return { ok: true, versionsChecked: count, firstBadVersion: null };
}
