import { createHash } from 'node:crypto';
import type { HazmatEnterpriseRecord } from '../../schema/model';
import type { EnterpriseIndex } from './province-data';
import type { Snapshot } from './replica';

/** The credit codes one copy of the enterprises holds, with an etag that changes exactly when they do. */
export interface Holdings {
  etag: string;
  holdings: { creditCode: string; updatedAt: string }[];
}

type EnterpriseSnapshot = Snapshot<HazmatEnterpriseRecord, EnterpriseIndex>;

const computed = new WeakMap<EnterpriseSnapshot, Holdings>();

/** Computed once per copy. */
export function holdingsOf(snapshot: EnterpriseSnapshot): Holdings {
  let found = computed.get(snapshot);
  if (!found) {
    const holdings = [...snapshot.index.byCreditCode.values()]
      .map((e) => ({ creditCode: e.creditCode, updatedAt: e.updatedAt }))
      .sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0));
    const etag = createHash('sha256').update(JSON.stringify(holdings)).digest('base64url').slice(0, 22);
    found = { etag, holdings };
    computed.set(snapshot, found);
  }
  return found;
}
