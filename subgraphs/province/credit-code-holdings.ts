import { createHash } from 'node:crypto';
import { isValidCreditCode } from '../../schema/credit-code';
import type { HazmatEnterpriseRecord } from '../../schema/model';
import type { EnterpriseIndex } from './province-data';
import type { Snapshot } from './replica';

/** The credit codes one copy of the enterprises holds, with an etag that changes exactly when they do. */
export interface Holdings {
  etag: string;
  holdings: { creditCode: string; updatedAt: string }[];
}

type EnterpriseSnapshot = Snapshot<HazmatEnterpriseRecord, EnterpriseIndex>;

const computed = new WeakMap<object, Holdings>();

/** Computed once per contents of the copy (a re-sync that changed nothing keeps them). */
export function holdingsOf(snapshot: EnterpriseSnapshot): Holdings {
  let found = computed.get(snapshot.contents);
  if (!found) {
    const held = [...snapshot.index.byCreditCode.values()].map((e) => ({ creditCode: e.creditCode, updatedAt: e.updatedAt }));
    const holdings = [...held, ...brokenHoldings(snapshot, held)]
      .sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0));
    const etag = createHash('sha256').update(JSON.stringify(holdings)).digest('base64url').slice(0, 22);
    found = { etag, holdings };
    computed.set(snapshot.contents, found);
  }
  return found;
}

/**
 * Records the system holds under a readable, valid credit code but cannot map: the province holds the
 * code all the same, and asked for it answers LEGACY_DATA_INVALID. Their change time is unknown:
 * they take the copy's newest (stable while the copy is), so among several holders they count as the newest.
 */
function brokenHoldings(snapshot: EnterpriseSnapshot, held: readonly { updatedAt: string }[]): { creditCode: string; updatedAt: string }[] {
  const newest = held.reduce((t, h) => Math.max(t, Date.parse(h.updatedAt)), Number.NEGATIVE_INFINITY);
  const updatedAt = new Date(Number.isFinite(newest) ? newest : snapshot.syncedAt).toISOString();
  const codes = new Set<string>();
  for (const issue of snapshot.invalid.values()) {
    const code = issue.creditCode?.trim().toUpperCase();
    if (code && isValidCreditCode(code) && !snapshot.index.byCreditCode.has(code)) codes.add(code);
  }
  return [...codes].map((creditCode) => ({ creditCode, updatedAt }));
}
