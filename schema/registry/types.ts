import type { IsoDateTime } from '../model';

export type ChangeCriticality = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export interface SchemaChange {
  criticality: ChangeCriticality;
  /** The graphql-inspector change type, e.g. FIELD_REMOVED. */
  type: string;
  /** Schema coordinate, e.g. Warning.headline. */
  path: string | null;
  message: string;
}

export interface SubgraphSchema {
  name: string;
  url: string | null;
  sdl: string;
  sdlHash: string;
}

export interface SchemaApproval {
  by: string;
  reason: string;
  at: IsoDateTime;
}

/** One composed supergraph version as stored; `live` is derived (the newest version is live). */
export interface SchemaVersionRecord {
  number: number;
  hash: string;
  previousHash: string | null;
  createdAt: IsoDateTime;
  publishedBy: string;
  subgraphs: SubgraphSchema[];
  supergraphSdl: string;
  apiSchemaSdl: string;
  changes: SchemaChange[];
  approval: SchemaApproval | null;
  rollbackOf: number | null;
  /** Ed25519 over `hash` (base64) where the deployment signs (REGISTRY_SIGNING_KEY); not part of the hash. */
  signature?: string | null;
}

/** Every publish attempt, accepted or refused. */
export interface SchemaCheckRecord {
  id: string;
  at: IsoDateTime;
  by: string;
  subgraph: string;
  accepted: boolean;
  errors: string[];
  changes: SchemaChange[];
  version: number | null;
}

export interface SchemaHistoryVerification {
  ok: boolean;
  versionsChecked: number;
  firstBadVersion: number | null;
  /**
   * Why firstBadVersion is bad: its content, number or link was altered; it is missing (checks or
   * the store's head name it); or its signature does not match the deployment's key (or, the newest, it has none).
   */
  cause?: 'altered' | 'missing' | 'signature';
}
