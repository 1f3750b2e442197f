import { PROVINCE_CODES, type ProvinceCode } from '../model';
import type { AccessRelease } from './types';

/** "ENTRY|PROVINCE" → records. */
export type TallyCounts = Record<string, number>;

/** What one request released and refused, by catalog entry and province; a subgraph reports it in `extensions.catalogAccess`. */
export interface AccessTally {
  released: TallyCounts;
  refused: TallyCounts;
}

export function newTally(): AccessTally {
  return { released: {}, refused: {} };
}

export function countInto(counts: TallyCounts, entry: string, province: ProvinceCode, records = 1): void {
  const key = `${entry}|${province}`;
  counts[key] = (counts[key] ?? 0) + records;
}

const isProvinceCode = (value: unknown): value is ProvinceCode => (PROVINCE_CODES as readonly unknown[]).includes(value);

function mergeCounts(into: TallyCounts, from: unknown): void {
  if (typeof from !== 'object' || from === null) return;
  for (const [key, n] of Object.entries(from)) {
    const [entry, province] = key.split('|');
    if (entry && isProvinceCode(province) && Number.isInteger(n) && (n as number) > 0) countInto(into, entry, province, n as number);
  }
}

/** Adds a tally as a subgraph reported it (anything malformed is ignored). */
export function mergeTally(into: AccessTally, reported: unknown): void {
  if (typeof reported !== 'object' || reported === null) return;
  mergeCounts(into.released, (reported as Partial<AccessTally>).released);
  mergeCounts(into.refused, (reported as Partial<AccessTally>).refused);
}

export function isEmptyTally(tally: AccessTally): boolean {
  return Object.keys(tally.released).length === 0 && Object.keys(tally.refused).length === 0;
}

/** The counts as contract AccessRelease objects, ordered by entry then province. */
export function releasesOf(counts: TallyCounts): AccessRelease[] {
  return Object.entries(counts)
    .map(([key, records]) => {
      const [entry, province] = key.split('|');
      return { entry, province: province as ProvinceCode, records };
    })
    .sort((a, b) => a.entry.localeCompare(b.entry) || a.province.localeCompare(b.province));
}
