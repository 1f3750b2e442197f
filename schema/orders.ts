import { WARNING_LEVELS, type WarningLevel } from './model';
import type { SortKey, SortKeyPart } from './cursor';

/**
 * The documented orders of the contract's connections, as sort keys and one comparator. The
 * province subgraph sorts and pages by these keys; the shard router merges pages by them.
 */
export type ConnectionOrder =
  | 'warnings'
  | 'hazmatEnterprises'
  | 'hazmatEnterprisesByDistance'
  | 'waybills'
  | 'rescueBases'
  | 'rescueBasesByDistance'
  | 'resourceView'
  | 'removedRecords';

export type Direction = 'asc' | 'desc';

/** Per key position: its direction. Nulls sort last in either direction. */
const DIRECTIONS: Readonly<Record<ConnectionOrder, readonly Direction[]>> = {
  warnings: ['asc', 'desc', 'asc'],
  hazmatEnterprises: ['asc'],
  hazmatEnterprisesByDistance: ['asc', 'asc'],
  waybills: ['desc', 'asc'],
  rescueBases: ['asc'],
  rescueBasesByDistance: ['asc', 'asc'],
  resourceView: ['asc'],
  removedRecords: ['asc', 'asc'],
};

const CONNECTION_FIELDS: Readonly<Record<string, { plain: ConnectionOrder; near?: ConnectionOrder }>> = {
  warnings: { plain: 'warnings' },
  hazmatEnterprises: { plain: 'hazmatEnterprises', near: 'hazmatEnterprisesByDistance' },
  waybills: { plain: 'waybills' },
  rescueBases: { plain: 'rescueBases', near: 'rescueBasesByDistance' },
  resourceView: { plain: 'resourceView' },
  removedRecords: { plain: 'removedRecords' },
};

/** The order a connection field answers in, given its arguments (distance when filter.near is set). */
export function orderFor(field: string, args: Record<string, unknown>): ConnectionOrder {
  const entry = CONNECTION_FIELDS[field];
  if (!entry) throw new Error(`${field} is not a connection of the contract`);
  const filter = args.filter as { near?: unknown } | null | undefined;
  return filter?.near && entry.near ? entry.near : entry.plain;
}

/** Per key position of this order: ascending or descending. */
export function directionsOf(order: ConnectionOrder): readonly Direction[] {
  return DIRECTIONS[order];
}

/** Strings in code-unit order (as `<` compares them, the order of ids, codes and cursors), not the locale's. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparePart(a: SortKeyPart, b: SortKeyPart, direction: Direction): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return direction === 'asc' ? c : -c;
}

export function compareKeys(order: ConnectionOrder, a: SortKey, b: SortKey): number {
  const directions = DIRECTIONS[order];
  for (let i = 0; i < directions.length; i++) {
    const c = comparePart(a[i] ?? null, b[i] ?? null, directions[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Warnings: level (RED first), then issuedAt (newest first), then id. */
export function warningKey(w: { level: WarningLevel; issuedAt: string; id: string }): SortKey {
  return [WARNING_LEVELS.length - 1 - WARNING_LEVELS.indexOf(w.level), Date.parse(w.issuedAt), w.id];
}

/** Waybills: departedAt (newest first, not yet departed last), then id. */
export function waybillKey(w: { departedAt: string | null; id: string }): SortKey {
  return [w.departedAt === null ? null : Date.parse(w.departedAt), w.id];
}

/** Removed records: detectedAt (oldest first), then id. */
export function removedRecordKey(r: { detectedAt: string; id: string }): SortKey {
  return [Date.parse(r.detectedAt), r.id];
}

export function byDistanceKey(distanceKm: number | null, tieBreak: string): SortKey {
  return [distanceKm, tieBreak];
}
