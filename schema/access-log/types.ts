import type { ProvinceCode } from '../model';

export const ACCESS_KINDS = ['QUERY', 'MUTATION', 'SUBSCRIPTION_EVENT', 'WEBHOOK'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** Records of one catalog entry of one province, released to the caller or refused (contract AccessRelease). */
export interface AccessRelease {
  entry: string;
  province: ProvinceCode;
  records: number;
}

/** What one request released or refused, as the gateway learnt it; never data values, never tokens. */
export interface AccessEntry {
  at: string;
  requestId: string;
  sub: string | null;
  role: string | null;
  province: ProvinceCode | null;
  clientName: string | null;
  operationName: string | null;
  operationHash: string;
  kind: AccessKind;
  released: AccessRelease[];
  refused: AccessRelease[];
  outcome: 'OK' | 'PARTIAL' | 'ERROR';
}

/** An entry as chained into the log: its position (1-based), its predecessor's hash and its own. */
export interface AccessRecord extends AccessEntry {
  seq: number;
  previousHash: string | null;
  hash: string;
  /** Ed25519 over `hash`, on the last record of each batch when the deployment signs (not part of the hash). */
  signature?: string;
}

export interface AccessLogHead {
  seq: number;
  hash: string;
}
