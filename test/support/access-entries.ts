import type { AccessLogStore } from '../../schema/access-log/store';
import type { AccessEntry, AccessRecord } from '../../schema/access-log/types';

/** An entry as the gateway would record it: an exchange caller released `records` HAZMAT_DETAIL records of JS. Self-contained (a child process runs its source). */
export const accessEntry = (n: number, records = 1): AccessEntry => ({
  at: new Date(1_780_000_000_000 + n * 1000).toISOString(),
  requestId: `r${n}`,
  sub: 'exchange-1',
  role: 'exchange',
  province: null,
  clientName: null,
  operationName: 'Detail',
  operationHash: 'e'.repeat(64),
  kind: 'QUERY',
  released: [{ entry: 'HAZMAT_DETAIL', province: 'JS', records }],
  refused: [],
  outcome: 'OK',
});

export async function allRecords(store: AccessLogStore): Promise<AccessRecord[]> {
  const records: AccessRecord[] = [];
  for await (const r of store.scan()) records.push(r);
  return records;
}
