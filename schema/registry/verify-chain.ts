import type { SchemaHistoryVerification, SchemaVersionRecord } from './types';
import { versionHash } from './version-hash';

/**
 * Recomputes every hash and follows the previousHash links; the first version that does not
 * match its content, its position or its predecessor is reported.
 */
export function verifyChain(versions: readonly SchemaVersionRecord[]): SchemaHistoryVerification {
  let previous: string | null = null;
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    const intact = v.number === i + 1 && v.previousHash === previous && versionHash(v) === v.hash;
    if (!intact) return { ok: false, versionsChecked: i + 1, firstBadVersion: i + 1 };
    previous = v.hash;
  }
  return { ok: true, versionsChecked: versions.length, firstBadVersion: null };
}
