import type { SelectionSetNode } from 'graphql';
import { preferredHolding } from '../../schema/credit-code-holders';
import { PROVINCE_CODES, RESCUE_CAPABILITIES } from '../../schema/model';
import { isProvince, type ShardCode } from './shard-code';
import { concatenated } from './data-quality';
import { fieldKeys, findField } from './document';
import { ROUTER_ALIAS_PREFIX, isObject, type Json, type JsonObject } from './json';
import { plateProvince } from './key-routing';
import type { ObjectMerge } from './routing-table';

/** A shard's answer for one field. */
export interface ShardPart {
  province: ShardCode;
  value: Json | undefined;
}

const mergeAlias = (field: string): string => `${ROUTER_ALIAS_PREFIX}${field}`;

function time(value: Json | undefined): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

function byTimeAscending(a: Json, b: Json): number {
  return time(isObject(a) ? a[mergeAlias('at')] : null) - time(isObject(b) ? b[mergeAlias('at')] : null);
}

/** Newest departure first, not yet departed last, then id. */
function byDepartureDescending(a: Json, b: Json): number {
  const ta = time(isObject(a) ? a[mergeAlias('departedAt')] : null);
  const tb = time(isObject(b) ? b[mergeAlias('departedAt')] : null);
  const na = Number.isNaN(ta);
  const nb = Number.isNaN(tb);
  if (na !== nb) return na ? 1 : -1;
  if (!na && ta !== tb) return tb - ta;
  const ia = String(isObject(a) ? a[mergeAlias('id')] : '');
  const ib = String(isObject(b) ? b[mergeAlias('id')] : '');
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * A vehicle as every province sees it: positions concatenated and ordered by time, waybills
 * concatenated newest departure first, everything else from the plate's home province.
 */
export function mergeVehicle(parts: readonly ShardPart[], selectionSet: SelectionSetNode | undefined): JsonObject | null {
  const present = parts.filter((p): p is { province: ShardCode; value: JsonObject } => isObject(p.value));
  if (present.length === 0) return null;
  const plateKey = fieldKeys(selectionSet).get('plate')?.[0];
  const plate = plateKey ? present[0].value[plateKey] : null;
  const home = typeof plate === 'string' ? plateProvince(plate) : null;
  const base = present.find((p) => p.province === home) ?? present[0];
  const merged: JsonObject = { ...base.value };
  for (const [field, keys] of fieldKeys(selectionSet)) {
    const compare = field === 'track' ? byTimeAscending : field === 'waybills' ? byDepartureDescending : null;
    if (!compare) continue;
    for (const key of keys) {
      const lists = present.map((p) => p.value[key]).filter((v): v is Json[] => Array.isArray(v));
      merged[key] = lists.length === 0 ? null : lists.flat().sort(compare);
    }
  }
  return merged;
}

interface Material {
  code: string;
  unit: string;
  quantity: number;
  rows: JsonObject[];
}

/** Rows keyed by (code, unit), quantities summed; sorted by code then unit. */
function mergeByMaterial(rows: readonly Json[], selectionSet: SelectionSetNode | undefined, onMerge?: (into: JsonObject, row: JsonObject) => void): JsonObject[] {
  const byKey = new Map<string, Material>();
  for (const row of rows) {
    if (!isObject(row)) continue;
    const code = String(row[mergeAlias('code')]);
    const unit = String(row[mergeAlias('unit')]);
    const quantity = Number(row[mergeAlias('quantity')]);
    const key = `${code}\u0000${unit}`;
    const found = byKey.get(key);
    if (found) {
      found.quantity += quantity;
      found.rows.push(row);
    } else {
      byKey.set(key, { code, unit, quantity, rows: [row] });
    }
  }
  const quantityKeys = fieldKeys(selectionSet).get('quantity') ?? [];
  return [...byKey.values()]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
    .map((m) => {
      const merged: JsonObject = { ...m.rows[0] };
      for (const k of quantityKeys) merged[k] = m.quantity;
      for (const row of m.rows.slice(1)) onMerge?.(merged, row);
      return merged;
    });
}

/** Stocks summed across provinces, one row per (code, unit), each province's share kept. */
export function mergeMaterialTotals(parts: readonly ShardPart[], selectionSet: SelectionSetNode | undefined): JsonObject[] {
  const byProvinceKeys = fieldKeys(selectionSet).get('byProvince') ?? [];
  const rows = parts.flatMap((p) => (Array.isArray(p.value) ? p.value : []));
  return mergeByMaterial(rows, selectionSet, (into, row) => {
    for (const k of byProvinceKeys) {
      const a = into[k];
      const b = row[k];
      into[k] = [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])];
    }
  });
}

type OrganisationMerge = 'first' | 'home' | 'provinces' | 'concat' | 'capabilities' | 'sum' | 'materials' | 'latest';

/** How the parts of one rescue organisation held by several provinces combine, field by field. */
const ORGANISATION_FIELDS: Readonly<Record<string, OrganisationMerge>> = {
  key: 'first',
  creditCode: 'first',
  /** From the part the credit-code rule prefers (schema/credit-code-holders.ts), as references by credit code. */
  name: 'home',
  provinces: 'provinces',
  bases: 'concat',
  capabilities: 'capabilities',
  totalMembers: 'sum',
  materials: 'materials',
  updatedAt: 'latest',
  sources: 'concat',
};

function ordered<T extends string>(order: readonly T[], values: Json[]): T[] {
  const set = new Set(values.filter((v): v is string => typeof v === 'string'));
  return order.filter((o) => set.has(o));
}

/** One organisation from the parts that several provinces hold under one credit code. */
export function mergeOrganisation(parts: readonly ShardPart[], selectionSet: SelectionSetNode | undefined): JsonObject {
  const present = parts.filter((p): p is { province: ShardCode; value: JsonObject } => isObject(p.value));
  if (present.length === 1) return present[0].value;
  const creditCode = present.map((p) => p.value[mergeAlias('key')]).find((k) => typeof k === 'string');
  const holdings = present.flatMap((part) => (isProvince(part.province) ? [{ province: part.province, updatedAt: time(part.value[mergeAlias('updatedAt')]), part }] : []));
  const home = preferredHolding(typeof creditCode === 'string' ? creditCode : '', holdings)?.part ?? present[0];
  const merged: JsonObject = { ...present[0].value };
  for (const [field, keys] of fieldKeys(selectionSet)) {
    const how = ORGANISATION_FIELDS[field] ?? 'first';
    for (const key of keys) {
      const values = present.map((p) => p.value[key]);
      switch (how) {
        case 'first':
          break;
        case 'home':
          merged[key] = home.value[key];
          break;
        case 'provinces':
          merged[key] = ordered(PROVINCE_CODES, values.flatMap((v) => (Array.isArray(v) ? v : [])));
          break;
        case 'capabilities':
          merged[key] = ordered(RESCUE_CAPABILITIES, values.flatMap((v) => (Array.isArray(v) ? v : [])));
          break;
        case 'concat':
          merged[key] = values.flatMap((v) => (Array.isArray(v) ? v : []));
          break;
        case 'sum':
          merged[key] = values.reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
          break;
        case 'latest':
          merged[key] = values.reduce<Json>((a, b) => (time(b) > time(a) ? b : a), values[0]);
          break;
        case 'materials': {
          const all = values.flatMap((v) => (Array.isArray(v) ? v : []));
          const sub = findField(selectionSet, key)?.selectionSet;
          merged[key] = values.every((v) => v === null) ? null : mergeByMaterial(all, sub);
          break;
        }
      }
    }
  }
  return merged;
}

/** The answers of a scattered field or entity, merged as the routing table says. */
export function mergeScattered(merge: ObjectMerge, parts: readonly ShardPart[], selectionSet: SelectionSetNode | undefined): JsonObject | Json[] | null {
  if (merge === 'concat') return concatenated(parts);
  return merge === 'vehicle' ? mergeVehicle(parts, selectionSet) : mergeMaterialTotals(parts, selectionSet);
}
