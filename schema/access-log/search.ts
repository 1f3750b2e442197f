import type { ProvinceCode } from '../model';
import type { AccessRecord } from './types';

/** The contract's AccessRecordFilter; times as ISO strings. */
export interface AccessRecordFilter {
  sub?: string | null;
  role?: string | null;
  province?: ProvinceCode | null;
  entry?: string | null;
  operationHash?: string | null;
  from?: string | null;
  to?: string | null;
}

const touches = (record: AccessRecord, test: (r: AccessRecord['released'][number]) => boolean) => record.released.some(test) || record.refused.some(test);

/** Whether a record passes every condition given; `to` is exclusive. */
export function matchesFilter(record: AccessRecord, filter: AccessRecordFilter): boolean {
  if (filter.sub && record.sub !== filter.sub) return false;
  if (filter.role && record.role !== filter.role) return false;
  if (filter.operationHash && record.operationHash !== filter.operationHash) return false;
  if (filter.from && Date.parse(record.at) < Date.parse(filter.from)) return false;
  if (filter.to && Date.parse(record.at) >= Date.parse(filter.to)) return false;
  if (filter.province && !touches(record, (r) => r.province === filter.province)) return false;
  if (filter.entry && !touches(record, (r) => r.entry === filter.entry)) return false;
  return true;
}

export interface AccessRecordPage {
  records: AccessRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Newest first: the `first` matching records older than position `before` (exclusive). */
export async function searchAccessRecords(records: AsyncIterable<AccessRecord>, filter: AccessRecordFilter, first: number, before: number = Infinity): Promise<AccessRecordPage> {
  const matching: AccessRecord[] = [];
  let totalCount = 0;
  for await (const record of records) {
    if (!matchesFilter(record, filter)) continue;
    totalCount += 1;
    if (record.seq < before) matching.push(record);
  }
  matching.reverse();
  return { records: matching.slice(0, first), hasNextPage: matching.length > first, totalCount };
}

/** The matching records, oldest first, as they are read. */
export async function* filteredRecords(records: AsyncIterable<AccessRecord>, filter: AccessRecordFilter): AsyncIterable<AccessRecord> {
  for await (const record of records) if (matchesFilter(record, filter)) yield record;
}
