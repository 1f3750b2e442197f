import { canonicalJson, sha256 } from '../version-hash';
import type { CatalogVersionRecord } from './types';

/** sha256 over the canonical JSON of everything in the catalog version except its own hash. */
export function catalogVersionHash(version: Omit<CatalogVersionRecord, 'hash' | 'signature'>): string {
  const { number, previousHash, createdAt, publishedBy, entries, registryRoles, changes, approval, rollbackOf } = version;
  return sha256(canonicalJson({ number, previousHash, createdAt, publishedBy, entries, registryRoles, changes, approval, rollbackOf }));
}
