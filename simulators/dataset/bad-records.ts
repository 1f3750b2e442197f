import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import type { BadRecord, Defect } from './types';

/** Which defects each collection's records can carry (an invalid code needs a code to corrupt). */
const DEFECTS_BY_COLLECTION: Record<BadRecord['collection'], readonly Defect[]> = {
  warnings: ['UNKNOWN_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'],
  enterprises: ['INVALID_CREDIT_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'],
  waybills: ['INVALID_CREDIT_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'],
  bases: ['UNKNOWN_CODE', 'INVALID_CREDIT_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'],
};
const DEFECTS: readonly Defect[] = ['UNKNOWN_CODE', 'INVALID_CREDIT_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'];

export type SpareRecords = { [C in BadRecord['collection']]: Extract<BadRecord, { collection: C }>['record'][] };

/** Number of defective records a province holds next to `good` valid ones (about 2.5 %, at least one). */
export function spareCount(good: number): number {
  return Math.max(1, Math.round(good * 0.025));
}

type Unassigned = Omit<BadRecord, 'defect'>;

/**
 * Gives each spare record a defect: first one record for each kind (so that every province holds
 * every kind its collections allow), then the rest in turn; the order differs by province so that
 * each kind turns up in different collections.
 */
export function assignDefects(province: ProvinceCode, spares: SpareRecords): BadRecord[] {
  const shift = PROVINCE_CODES.indexOf(province);
  const rotate = <T>(xs: readonly T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]);
  const pending: Unassigned[] = rotate<Unassigned>(
    [
      ...spares.warnings.map((record) => ({ province, collection: 'warnings' as const, record })),
      ...spares.enterprises.map((record) => ({ province, collection: 'enterprises' as const, record })),
      ...spares.waybills.map((record) => ({ province, collection: 'waybills' as const, record })),
      ...spares.bases.map((record) => ({ province, collection: 'bases' as const, record })),
    ],
    shift,
  );
  const defects = new Map<Unassigned, Defect>();
  for (const kind of DEFECTS) {
    const holder = pending.find((s) => !defects.has(s) && DEFECTS_BY_COLLECTION[s.collection].includes(kind));
    if (holder) defects.set(holder, kind);
  }
  pending.forEach((s, i) => {
    if (!defects.has(s)) {
      const kinds = DEFECTS_BY_COLLECTION[s.collection];
      defects.set(s, kinds[(i + shift) % kinds.length]);
    }
  });
  return pending.map((s) => ({ ...s, defect: defects.get(s) as Defect }) as BadRecord);
}
