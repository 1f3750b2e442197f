import { RESCUE_CAPABILITIES, type MaterialStock, type ProvinceCode, type Provenance, type RescueBaseRecord, type RescueCapability } from '../../schema/model';
import type { Served } from './replica';
import { byText } from '../../schema/orders';

/** The resource view's organisations and material totals, from one province's bases. */

export interface Organisation {
  key: string;
  creditCode: string | null;
  name: string;
  provinces: ProvinceCode[];
  bases: Served<RescueBaseRecord>[];
  capabilities: RescueCapability[];
  totalMembers: number;
  materials: MaterialStock[];
  updatedAt: string;
  sources: Provenance[];
}

/** Stocks summed per (code, unit), ordered by code then unit; the first row's name is kept. */
export function sumMaterials(stocks: readonly MaterialStock[]): MaterialStock[] {
  const rows = new Map<string, MaterialStock>();
  for (const s of stocks) {
    const key = `${s.code}\u0000${s.unit}`;
    const row = rows.get(key);
    if (row) row.quantity += s.quantity;
    else rows.set(key, { ...s });
  }
  return [...rows.values()].sort((a, b) => byText(a.code, b.code) || byText(a.unit, b.unit));
}

/** The key of a base's organisation: its credit code, or its own id without one. */
export function organisationKey(base: RescueBaseRecord): string {
  return base.creditCode ?? base.id;
}

/** One organisation per key, from all of the given bases (a province's part of it). */
export function organisations(bases: readonly Served<RescueBaseRecord>[]): Organisation[] {
  const groups = new Map<string, Served<RescueBaseRecord>[]>();
  for (const b of bases) groups.set(organisationKey(b), [...(groups.get(organisationKey(b)) ?? []), b]);
  return [...groups].map(([key, members]) => {
    const sorted = [...members].sort((a, b) => byText(a.id, b.id));
    const provinces = new Set(sorted.map((b) => b.province));
    const capabilities = new Set(sorted.flatMap((b) => b.capabilities));
    return {
      key,
      creditCode: sorted[0].creditCode,
      name: sorted[0].name,
      provinces: [...provinces],
      bases: sorted,
      capabilities: RESCUE_CAPABILITIES.filter((c) => capabilities.has(c)),
      totalMembers: sorted.reduce((sum, b) => sum + b.teams.reduce((s, t) => s + t.members, 0), 0),
      materials: sumMaterials(sorted.flatMap((b) => b.materials)),
      updatedAt: sorted.reduce((latest, b) => (Date.parse(b.updatedAt) > Date.parse(latest) ? b.updatedAt : latest), sorted[0].updatedAt),
      sources: sorted.map((b) => b.provenance),
    };
  });
}
