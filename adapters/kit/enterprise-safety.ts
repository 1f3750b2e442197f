import {
  PARK_RISK_GRADES,
  type ChemicalHolding,
  type HazmatEnterpriseRecord,
  type MajorHazardGrade,
  type MajorHazardUnitRecord,
  type ParkRiskGrade,
  type ProvinceCode,
} from '../../schema/model';
import type { ReadCas } from './cas-number';
import { decodeMajorHazardGrade, type LegacyCode } from './code-tables';
import { LegacyDataInvalidError } from './errors';

/** What every system's v1.1 enterprise fields map to (additions-v1.1.md), whatever their form. */

/** A holding's v1.1 fields as read, before the miswritten CAS numbers are set apart. */
export type HoldingSafety = Pick<ChemicalHolding, 'keySupervised' | 'highlyToxic'> & ReadCas;

/** A holding in the form written before the release. */
export const UNRECORDED: HoldingSafety = Object.freeze({ casNumber: null, miswritten: null, keySupervised: null, highlyToxic: null });

type ReadHolding = Omit<ChemicalHolding, keyof HoldingSafety> & HoldingSafety;

/** The holdings as the contract has them, and the CAS numbers written with a wrong check digit. */
export function holdingsOf(read: readonly ReadHolding[]): Pick<HazmatEnterpriseRecord, 'chemicals' | 'miswrittenCas'> {
  return {
    chemicals: read.map(({ miswritten: _, ...holding }) => holding),
    miswrittenCas: read.filter((h) => h.miswritten !== null).map((h) => ({ unNumber: h.unNumber, written: h.miswritten as string })),
  };
}

/** A two-valued flag in the system's own spelling; anything else is invalid. */
export function flag(value: unknown, yes: unknown, no: unknown, what: string): boolean {
  if (value === yes) return true;
  if (value === no) return false;
  throw new LegacyDataInvalidError(`invalid ${what} "${String(value)}"`);
}

/** A park grade letter, null when not graded (empty). */
export function parkRiskGrade(value: string | null, what: string): ParkRiskGrade | null {
  if (value === null || value.trim() === '') return null;
  const grade = value.trim().toUpperCase();
  if (!(PARK_RISK_GRADES as readonly string[]).includes(grade)) throw new LegacyDataInvalidError(`invalid ${what} "${value}"`);
  return grade as ParkRiskGrade;
}

/** A major hazard unit's grade, written like the site's own grade; a unit always has one. */
export function unitGrade(province: ProvinceCode, code: LegacyCode, what: string): MajorHazardGrade {
  const grade = decodeMajorHazardGrade(province, code);
  if (grade === null) throw new LegacyDataInvalidError(`missing ${what}`);
  return grade;
}

export function hazardUnit(province: ProvinceCode, name: string | null, grade: LegacyCode, what: string): MajorHazardUnitRecord {
  if (name === null || name.trim() === '') throw new LegacyDataInvalidError(`missing ${what} name`);
  return { name: name.trim(), grade: unitGrade(province, grade, `${what} grade`) };
}
