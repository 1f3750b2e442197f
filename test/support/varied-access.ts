import type { AccessEntry, AccessKind } from '../../schema/access-log/types';
import type { ProvinceCode } from '../../schema/model';

const PROVINCES: ProvinceCode[] = ['SH', 'JS', 'ZJ', 'AH'];
const ENTRIES = ['HAZMAT_DETAIL', 'VEHICLE_TRACK', 'RESCUE_RESOURCES', 'MUTUAL_AID'];
const ROLES = ['exchange', 'province', 'auditor', 'command'];
const KINDS: AccessKind[] = ['QUERY', 'MUTATION', 'SUBSCRIPTION_EVENT', 'WEBHOOK'];
const START = Date.parse('2026-11-01T00:00:00Z');

/**
 * Entry `n` of a varied log: `subs` callers, four roles, one to two releases and sometimes a
 * refusal over the four provinces and entries, spread over `days` days (deterministic in n).
 */
export function variedEntry(n: number, subs = 50, days = 30): AccessEntry {
  const pick = <T>(list: readonly T[], salt: number): T => list[(n * 7919 + salt * 104_729) % list.length];
  const role = pick(ROLES, 1);
  const released = [{ entry: pick(ENTRIES, 2), province: pick(PROVINCES, 3), records: (n % 9) + 1 }];
  if (n % 3 === 0) released.push({ entry: pick(ENTRIES, 4), province: pick(PROVINCES, 5), records: 1 });
  return {
    at: new Date(START + ((n * 2_654_435) % (days * 86_400_000))).toISOString(),
    requestId: `req-${n}`,
    sub: n % 17 === 0 ? null : `caller-${(n * 31) % subs}`,
    role: n % 17 === 0 ? null : role,
    province: role === 'province' ? pick(PROVINCES, 6) : null,
    clientName: n % 5 === 0 ? null : `client-${n % 4}`,
    operationName: n % 11 === 0 ? null : `Op${n % 13}`,
    operationHash: `${(n % 13).toString(16)}`.repeat(64).slice(0, 64),
    kind: pick(KINDS, 7),
    released,
    refused: n % 4 === 0 ? [{ entry: pick(ENTRIES, 8), province: pick(PROVINCES, 9), records: 2 }] : [],
    outcome: n % 10 === 0 ? 'PARTIAL' : 'OK',
  };
}
