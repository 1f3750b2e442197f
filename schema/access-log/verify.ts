import { accessRecordHash } from './record-hash';
import type { AccessRecord } from './types';

export interface AccessLogVerification {
  ok: boolean;
  recordsChecked: number;
  /** The first record whose position, hash or link does not match; null when all do. */
  firstBadRecord: string | null;
}

/** Recomputes every hash and follows the previousHash links, oldest first, stopping at the first bad record. */
export async function verifyAccessRecords(records: AsyncIterable<AccessRecord> | Iterable<AccessRecord>): Promise<AccessLogVerification & { head: string | null }> {
  let previous: string | null = null;
  let checked = 0;
  for await (const record of records) {
    checked += 1;
    const intact = record.seq === checked && record.previousHash === previous && accessRecordHash(record) === record.hash;
    if (!intact) return { ok: false, recordsChecked: checked, firstBadRecord: String(checked), head: previous };
    previous = record.hash;
  }
  return { ok: true, recordsChecked: checked, firstBadRecord: null, head: previous };
}
