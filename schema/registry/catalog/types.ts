import type { IsoDateTime } from '../../model';
import type { CatalogEntry, Role } from '../../sharing-catalog';
import type { SchemaApproval } from '../types';

/** WIDENED needs an approval: a field moved to another entry or to unconditional, or a role gaining the registry. */
export type CatalogChangeKind = 'WIDENED' | 'NARROWED' | 'ENTRY_ADDED' | 'ENTRY_REMOVED';

/**
 * One difference between two catalogs. `coordinate` is a schema coordinate (`from`/`to`: its
 * entry, null for unconditional), an entry's name (ENTRY_ADDED/REMOVED), or `role:<role>` for a
 * role that gains (`to: REGISTRY`) or loses (`from: REGISTRY`) the registry's history.
 */
export interface CatalogChange {
  kind: CatalogChangeKind;
  coordinate: string;
  from: string | null;
  to: string | null;
}

export interface CatalogEntryFields {
  name: CatalogEntry;
  /** Schema coordinates, e.g. HazmatEnterprise.chemicals. */
  fields: string[];
}

/** What a catalog says: the conditional fields of each entry (the rest is unconditional) and who reads the registry. */
export interface CatalogContent {
  entries: CatalogEntryFields[];
  registryRoles: Role[];
}

/** One catalog version as stored; its head (number, hash, previousHash) has the schema versions' shape. */
export interface CatalogVersionRecord extends CatalogContent {
  number: number;
  hash: string;
  previousHash: string | null;
  createdAt: IsoDateTime;
  publishedBy: string;
  changes: CatalogChange[];
  approval: SchemaApproval | null;
  rollbackOf: number | null;
  /** Ed25519 over `hash` (REGISTRY_SIGNING_KEY), outside the hash; absent where the deployment has no key. */
  signature?: string | null;
}

/** Every publish attempt, accepted or refused; a refused one keeps its proposal for `approve`. */
export interface CatalogCheckRecord {
  id: string;
  at: IsoDateTime;
  by: string;
  accepted: boolean;
  errors: string[];
  changes: CatalogChange[];
  version: number | null;
  proposal: CatalogContent;
}
