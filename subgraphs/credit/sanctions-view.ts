import { GraphQLError } from 'graphql';
import type { CreditCopyState } from '../../adapters/credit';
import { creditCodeProvince } from '../../adapters/kit/credit-code';
import { sanctionStatus, type CreditSanctionRecord, type IsoDate, type SanctionListType, type SanctionStatus } from '../../schema/credit-model';
import { decodeCursor, encodeCursor } from '../../schema/cursor';
import type { Provenance, ProvinceCode } from '../../schema/model';
import { ErrorCodes } from '../../schema/error-codes';

/** Sanctions as served: the record, its status as of today (Beijing) and its provenance. */

export const CREDIT_SYSTEM = 'CR aqsc';
export const MAX_PAGE = 500;

export type ServedSanction = CreditSanctionRecord & { status: SanctionStatus; provenance: Provenance };

export interface SanctionFilter {
  provinces?: ProvinceCode[] | null;
  listTypes?: SanctionListType[] | null;
  statuses?: SanctionStatus[] | null;
  updatedSince?: Date | null;
}

/**
 * Provenance.province is the province the sanction concerns: its deciding authority's, or for a
 * national authority the subject's registering province (the adapter leaves out rows with neither).
 */
function provenanceOf(record: CreditSanctionRecord, state: CreditCopyState): Provenance {
  const province = (record.province ?? creditCodeProvince(record.creditCode)) as ProvinceCode;
  return { province, system: CREDIT_SYSTEM, sourceId: record.decisionNumber, fetchedAt: state.fetchedAt, stale: state.failure !== null };
}

export function serve(record: CreditSanctionRecord, state: CreditCopyState, today: IsoDate): ServedSanction {
  return { ...record, status: sanctionStatus(record, today), provenance: provenanceOf(record, state) };
}

export function compareSanctions(a: CreditSanctionRecord, b: CreditSanctionRecord): number {
  if (a.decidedOn !== b.decidedOn) return a.decidedOn < b.decidedOn ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function matches(filter: SanctionFilter | null | undefined, s: ServedSanction): boolean {
  if (!filter) return true;
  if (filter.provinces && (s.province === null || !filter.provinces.includes(s.province))) return false;
  if (filter.listTypes && !filter.listTypes.includes(s.listType)) return false;
  if (filter.statuses && !filter.statuses.includes(s.status)) return false;
  if (filter.updatedSince && Date.parse(s.updatedAt) < filter.updatedSince.getTime()) return false;
  return true;
}

export const cursorOf = (s: CreditSanctionRecord): string => encodeCursor([s.decidedOn, s.id]);

/** The records strictly after the cursor's position in the connection's order. */
export function after(sorted: readonly ServedSanction[], cursor: string | null | undefined): readonly ServedSanction[] {
  if (!cursor) return sorted;
  const key = decodeCursor(cursor);
  if (key.length !== 2 || typeof key[0] !== 'string' || typeof key[1] !== 'string') {
    throw new GraphQLError('after is not a cursor of creditSanctions', { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'after' } });
  }
  const position = { decidedOn: key[0], id: key[1] } as CreditSanctionRecord;
  return sorted.filter((s) => compareSanctions(s, position) > 0);
}

export function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw new GraphQLError(`first must be between 0 and ${MAX_PAGE}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, argument: 'first' } });
  return n;
}
