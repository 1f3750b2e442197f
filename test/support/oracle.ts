import { compareKeys, waybillKey, warningKey, type ConnectionOrder } from '../../schema/orders';
import type { SortKey } from '../../schema/cursor';
import { preferredHolding, registeringProvince } from '../../schema/credit-code-holders';
import { PROVINCE_CODES, type HazmatEnterpriseRecord, type ProvinceCode, type RescueBaseRecord, type WaybillRecord } from '../../schema/model';
import { deletedBy } from '../../simulators/dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import type { CreditSanctionRecord } from '../../schema/credit-model';
import { sanctionsListedAt } from '../../simulators/dataset/oracle';

/** What the contract says the gateway answers, computed from the canonical data set. */

/** The data set as its systems hold it at `at`: the records their scheduled deletions removed by then are gone. */
export function asHeldAt(ds: CanonicalDataset, at: Date): CanonicalDataset {
  const gone = deletedBy(ds.deletions, at.getTime());
  return {
    ...ds,
    warnings: ds.warnings.filter((r) => !gone(r, 'warnings')),
    enterprises: ds.enterprises.filter((r) => !gone(r, 'enterprises')),
    waybills: ds.waybills.filter((r) => !gone(r, 'waybills')),
    bases: ds.bases.filter((r) => !gone(r, 'bases')),
  };
}

function sortBy<T>(items: readonly T[], order: ConnectionOrder, key: (t: T) => SortKey): T[] {
  return [...items].sort((a, b) => compareKeys(order, key(a), key(b)));
}

export function expectedWarnings(ds: CanonicalDataset, provinces?: readonly ProvinceCode[]) {
  return sortBy(ds.warnings.filter((w) => !provinces || provinces.includes(w.province)), 'warnings', warningKey);
}

export function expectedEnterprises(ds: CanonicalDataset, provinces?: readonly ProvinceCode[]) {
  return sortBy(ds.enterprises.filter((e) => !provinces || provinces.includes(e.province)), 'hazmatEnterprises', (e) => [e.creditCode]);
}

export function expectedWaybills(ds: CanonicalDataset, provinces?: readonly ProvinceCode[]) {
  return sortBy(ds.waybills.filter((w) => !provinces || provinces.includes(w.province)), 'waybills', waybillKey);
}

/** Issue 27's history window (30 days by default): a waybill that arrived or was cancelled and departed (or, never departed, changed) longer ago leaves the copies and their connections. */
export function inHistoryWindow(w: WaybillRecord, now: Date, windowMs = 30 * 24 * 3600_000): boolean {
  return (w.status !== 'ARRIVED' && w.status !== 'CANCELLED') || Date.parse(w.departedAt ?? w.updatedAt) >= now.getTime() - windowMs;
}

export function expectedBases(ds: CanonicalDataset, provinces?: readonly ProvinceCode[]) {
  return sortBy(ds.bases.filter((b) => !provinces || provinces.includes(b.province)), 'rescueBases', (b) => [b.id]);
}

export interface ExpectedOrganisation {
  key: string;
  provinces: ProvinceCode[];
  baseIds: string[];
  totalMembers: number;
}

/** resourceView: bases grouped by credit code (a base without one is its own organisation), by key. */
export function expectedOrganisations(ds: CanonicalDataset, bases: readonly RescueBaseRecord[] = ds.bases): ExpectedOrganisation[] {
  const byKey = new Map<string, RescueBaseRecord[]>();
  for (const b of bases) {
    const key = b.creditCode ?? b.id;
    byKey.set(key, [...(byKey.get(key) ?? []), b]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({
      key,
      provinces: [...new Set(group.map((b) => b.province))].sort(),
      baseIds: group.map((b) => b.id).sort(),
      totalMembers: group.reduce((n, b) => n + b.teams.reduce((m, t) => m + t.members, 0), 0),
    }));
}

/** The records each system holds but cannot be mapped, as "<province>:<source id>". */
export function expectedInvalid(ds: CanonicalDataset, collection: 'warnings' | 'enterprises' | 'waybills' | 'bases', provinces?: readonly ProvinceCode[]): Set<string> {
  return new Set(ds.bad.filter((b) => b.collection === collection && (!provinces || provinces.includes(b.province))).map((b) => `${b.province}:${b.record.sourceId}`));
}

interface ReportedError { extensions?: Record<string, unknown> }

/** Errors other than LEGACY_DATA_INVALID reports of records the data set really holds broken. */
export function unexpectedErrors<E extends ReportedError>(ds: CanonicalDataset, errors: readonly E[] | undefined): E[] {
  const bad = new Set(ds.bad.map((b) => `${b.province}:${b.record.sourceId}`));
  return (errors ?? []).filter((e) => e.extensions?.code !== 'LEGACY_DATA_INVALID' || !bad.has(`${String(e.extensions.province)}:${String(e.extensions.sourceId)}`));
}

/** The sanctions the credit platform lists at `at` on enterprises (no persons, no invalid codes): decidedOn desc, then id. */
export function expectedSanctions(ds: CanonicalDataset, at: number): CreditSanctionRecord[] {
  return sanctionsListedAt(ds.sanctions, at)
    .filter((v) => v.subject === 'enterprise')
    .map((v) => v.record)
    .sort((a, b) => (a.decidedOn !== b.decidedOn ? (a.decidedOn < b.decidedOn ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The decision numbers the platform lists at `at` whose subject is a person or whose code is invalid. */
export function expectedLeftOut(ds: CanonicalDataset, at: number, subject: 'person' | 'invalid-code'): string[] {
  return sanctionsListedAt(ds.sanctions, at).filter((v) => v.subject === subject).map((v) => v.record.decisionNumber).sort();
}

/** hazmatEnterprise(creditCode:) and every reference by credit code: the preferred holding's record (schema/credit-code-holders.ts). */
export function expectedEnterpriseByCode(ds: CanonicalDataset, creditCode: string): HazmatEnterpriseRecord | null {
  const holdings = ds.enterprises.filter((e) => e.creditCode === creditCode).map((record) => ({ province: record.province, updatedAt: Date.parse(record.updatedAt), record }));
  return preferredHolding(creditCode, holdings)?.record ?? null;
}

/** Credit codes that more than one province's system holds, or that a province holds without having registered them. */
export function creditCodesHeldAway(ds: CanonicalDataset): string[] {
  const provinces = new Map<string, Set<ProvinceCode>>();
  for (const e of ds.enterprises) provinces.set(e.creditCode, new Set([...(provinces.get(e.creditCode) ?? []), e.province]));
  return [...provinces].filter(([code, held]) => held.size > 1 || !held.has(registeringProvince(code) as ProvinceCode)).map(([code]) => code).sort();
}

export type QualityCollection = 'warnings' | 'enterprises' | 'waybills' | 'bases';
export const QUALITY_COLLECTIONS: readonly QualityCollection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

export interface ExpectedQuality {
  source: ProvinceCode;
  collection: QualityCollection;
  /** What the system holds, the broken records included. */
  records: number;
  invalid: number;
  /** The broken records' source ids. */
  invalidIds: Set<string>;
  /** Values of valid records that cannot be read (CAS numbers with a wrong check digit): reasons, not invalid records. */
  unreadable: number;
}

/** dataQuality: per province asked (in province order) and collection, what the system holds and what of it is broken. */
export function expectedQuality(ds: CanonicalDataset, provinces: readonly ProvinceCode[] = PROVINCE_CODES): ExpectedQuality[] {
  const good: Record<QualityCollection, readonly { province: ProvinceCode }[]> = { warnings: ds.warnings, enterprises: ds.enterprises, waybills: ds.waybills, bases: ds.bases };
  return PROVINCE_CODES.filter((p) => provinces.includes(p)).flatMap((source) =>
    QUALITY_COLLECTIONS.map((collection) => {
      const bad = ds.bad.filter((b) => b.province === source && b.collection === collection);
      const unreadable = collection === 'enterprises' ? ds.enterprises.filter((e) => e.province === source).reduce((n, e) => n + e.miswrittenCas.length, 0) : 0;
      return { source, collection, records: good[collection].filter((r) => r.province === source).length + bad.length, invalid: bad.length, invalidIds: new Set(bad.map((b) => b.record.sourceId)), unreadable };
    }),
  );
}

/** The n-th record of the province's collection that the data set does not delete itself (for a test to delete). */
export function keptRecord(ds: CanonicalDataset, province: ProvinceCode, collection: 'warnings' | 'enterprises' | 'waybills' | 'bases', n: number): { id: string; sourceId: string } {
  const scheduled = new Set(ds.deletions.filter((d) => d.province === province && d.collection === collection).map((d) => d.sourceId));
  const records = ds[collection] as readonly { id: string; sourceId: string; province: ProvinceCode }[];
  return records.filter((r) => r.province === province && !scheduled.has(r.sourceId))[n];
}
