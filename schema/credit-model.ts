import type { IsoDateTime, ProvinceCode } from './model';

/**
 * The contract's credit sanctions (contract v1.1, legacy-apis/credit.md) as plain records: what the
 * credit adapter keeps in its copy, what the credit subgraph serves and what the data set holds.
 */

export const SANCTION_LIST_TYPES = ['SERIOUS_DISHONESTY', 'KEY_ATTENTION'] as const;
export type SanctionListType = (typeof SANCTION_LIST_TYPES)[number];

export const SANCTION_STATUSES = ['IN_FORCE', 'EXPIRED', 'REMOVED'] as const;
export type SanctionStatus = (typeof SANCTION_STATUSES)[number];

/** The source code of the credit platform, where a province's would be. */
export const CREDIT_SOURCE = 'CR';

/** YYYY-MM-DD, a Beijing calendar day. */
export type IsoDate = string;

/** One decision of the joint sanctions list as the platform lists it now (status is computed when served). */
export interface CreditSanctionRecord {
  /** "CR:CreditSanction:<decision number>" */
  id: string;
  decisionNumber: string;
  creditCode: string;
  name: string;
  listType: SanctionListType;
  /** The deciding authority's province; null for a national authority. */
  province: ProvinceCode | null;
  authority: string;
  decidedOn: IsoDate;
  reason: string;
  measures: string | null;
  validUntil: IsoDate | null;
  /** Set when the list removed it (状态 已移出). */
  removedOn: IsoDate | null;
  updatedAt: IsoDateTime;
}

export function creditSanctionId(decisionNumber: string): string {
  return `${CREDIT_SOURCE}:CreditSanction:${decisionNumber}`;
}

/** As of `today` (a Beijing date): REMOVED when removed, EXPIRED after validUntil, else IN_FORCE. */
export function sanctionStatus(record: Pick<CreditSanctionRecord, 'removedOn' | 'validUntil'>, today: IsoDate): SanctionStatus {
  if (record.removedOn !== null) return 'REMOVED';
  if (record.validUntil !== null && record.validUntil < today) return 'EXPIRED';
  return 'IN_FORCE';
}
