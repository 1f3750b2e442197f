import { mutualAidRemark } from '../../../adapters/anhui';
import type { ProvinceAdapter } from '../../../adapters/kit/province-adapter';
import { parseGlobalId, type MutualAidStatus, type ProvinceCode } from '../../../schema/model';
import type { JournalEntry } from './journal';

/**
 * What each system offers to make a write happen once: an idempotency key it honours for a while
 * (SH Idempotency-Key and ZJ qqid for 24 h, JS REQ_NO for good), or nothing but a listing of its
 * requests with the remark they were created with (AH).
 */
export type WriteGuarantee = { kind: 'idempotency-key'; windowMs: number } | { kind: 'remark-listing' };

const DAY_MS = 24 * 3600_000;

export const WRITE_GUARANTEES: Readonly<Record<ProvinceCode, WriteGuarantee>> = {
  SH: { kind: 'idempotency-key', windowMs: DAY_MS },
  JS: { kind: 'idempotency-key', windowMs: Number.POSITIVE_INFINITY },
  ZJ: { kind: 'idempotency-key', windowMs: DAY_MS },
  AH: { kind: 'remark-listing' },
};

export interface ListedRequest {
  sourceId: string;
  remark: string;
  status: MutualAidStatus;
  updatedAt: string;
}

/** An adapter that can list a base's requests with their remarks (AnhuiAdapter). */
export interface RemarkListing {
  listMutualAid(baseSourceId: string, since: Date): Promise<ListedRequest[]>;
}

export function hasRemarkListing(adapter: ProvinceAdapter): adapter is ProvinceAdapter & RemarkListing {
  return typeof (adapter as Partial<RemarkListing>).listMutualAid === 'function';
}

/**
 * The system's requests carrying the entry's clientRequestId in their remark, oldest id first:
 * more than one would be a duplicate made outside this path.
 */
export async function requestsByRemark(adapter: RemarkListing, entry: JournalEntry, lookbackMs: number): Promise<ListedRequest[]> {
  const baseSourceId = parseGlobalId(entry.request.baseId)?.sourceId ?? entry.request.baseId;
  const since = new Date(Date.parse(entry.startedAt) - lookbackMs);
  const remark = mutualAidRemark(entry.clientRequestId);
  const listed = await adapter.listMutualAid(baseSourceId, since);
  return listed.filter((r) => r.remark.trim() === remark).sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
}
