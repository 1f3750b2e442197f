import type { ChemicalHolding, HazmatEnterpriseRecord, MajorHazardGrade, MajorHazardUnitRecord, MiswrittenCas, ProvinceCode, SafetyLicenceRecord } from '../../schema/model';
import { CHEMICAL_SAFETY, LICENCE_AUTHORITY, PARK_RISK_GRADES_BY_NAME, UNIT_NAMES } from './safety-facts';
import type { Rng } from './prng';
import { DAY } from './time';

/**
 * The v1.1 safety record of an enterprise (legacy-apis/additions-v1.1.md): CAS numbers, key
 * supervision and toxicity of its chemicals, its park, licence and major hazard units. Records
 * written before the systems' 2026 releases have none of it; in Anhui a record updated since keeps
 * some holdings in the older four-field form. Drawn from its own stream so that the rest of the
 * data set stays as it was.
 */

export type SafetyFields = Pick<HazmatEnterpriseRecord, 'chemicals' | 'park' | 'licence' | 'majorHazardUnits' | 'miswrittenCas'>;

/** Share of the records that were last written before the release. */
const WRITTEN_BEFORE_RELEASE = 0.2;

/** A holding as records written before v1.1 have it. */
export function unrecorded(c: Omit<ChemicalHolding, 'casNumber' | 'keySupervised' | 'highlyToxic'>): ChemicalHolding {
  return { ...c, casNumber: null, keySupervised: null, highlyToxic: null };
}

/** The CAS number with a different last digit: a check digit that does not match. */
function miswritten(rng: Rng, cas: string): string {
  const last = Number(cas.slice(-1));
  return `${cas.slice(0, -1)}${(last + rng.int(1, 9)) % 10}`;
}

function holdings(rng: Rng, province: ProvinceCode, chemicals: readonly ChemicalHolding[]): { chemicals: ChemicalHolding[]; miswrittenCas: MiswrittenCas[] } {
  const miswrittenCas: MiswrittenCas[] = [];
  const out = chemicals.map((c): ChemicalHolding => {
    if (province === 'AH' && rng.chance(0.25)) return unrecorded(c);
    const facts = CHEMICAL_SAFETY[c.unNumber];
    if (facts.cas !== null && rng.chance(0.05)) {
      miswrittenCas.push({ unNumber: c.unNumber, written: miswritten(rng, facts.cas) });
      return { ...c, casNumber: null, keySupervised: facts.keySupervised, highlyToxic: facts.highlyToxic };
    }
    return { ...c, casNumber: facts.cas, keySupervised: facts.keySupervised, highlyToxic: facts.highlyToxic };
  });
  return { chemicals: out, miswrittenCas };
}

function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Three-year licences, some expired; Anhui writes some as 长期 (no end). */
function licence(rng: Rng, province: ProvinceCode, now: number): SafetyLicenceRecord | null {
  if (rng.chance(0.08)) return null;
  const serial = String(rng.int(1, 2999)).padStart(4, '0');
  const endless = province === 'AH' && rng.chance(0.15);
  const validUntil = endless ? null : beijingDay(now + Math.round(rng.float(-240, 1090)) * DAY);
  const issued = validUntil === null ? rng.int(2012, 2019) : Number(validUntil.slice(0, 4)) - 3;
  return { number: `(${LICENCE_AUTHORITY[province]})WH安许证字[${issued}]${serial}`, validUntil };
}

function units(rng: Rng, grade: MajorHazardGrade | null): MajorHazardUnitRecord[] {
  if (grade === null) return [];
  const top = Number(grade.slice('GRADE_'.length));
  const names = rng.sample(UNIT_NAMES, rng.weighted([[1, 50], [2, 35], [3, 15]] as const));
  return names.map((name, i) => ({ name, grade: `GRADE_${i === 0 ? top : rng.int(top, 4)}` as MajorHazardGrade }));
}

export function safetyRecordFor(
  rng: Rng,
  now: number,
  e: Pick<HazmatEnterpriseRecord, 'province' | 'chemicals' | 'majorHazardGrade'>,
  parkName: string | null,
): SafetyFields {
  if (rng.chance(WRITTEN_BEFORE_RELEASE)) return { chemicals: e.chemicals.map(unrecorded), park: null, licence: null, majorHazardUnits: null, miswrittenCas: [] };
  return {
    ...holdings(rng, e.province, e.chemicals),
    park: parkName === null ? null : { name: parkName, riskGrade: PARK_RISK_GRADES_BY_NAME[parkName] ?? null },
    licence: licence(rng, e.province, now),
    majorHazardUnits: units(rng, e.majorHazardGrade),
  };
}

/** Whether the system wrote the record since its v1.1 release (the fields exist, if only empty). */
export const writtenSinceRelease = (e: Pick<HazmatEnterpriseRecord, 'majorHazardUnits'>): boolean => e.majorHazardUnits !== null;

/** Whether the holding is in the v1.1 form (CAS, key supervision, toxicity). */
export const holdingRecorded = (c: ChemicalHolding): boolean => c.keySupervised !== null;

/** The CAS number as the system wrote it: the data set's miswritten one where there is one. */
export function casAsWritten(e: Pick<HazmatEnterpriseRecord, 'miswrittenCas'>, c: ChemicalHolding): string | null {
  return e.miswrittenCas.find((m) => m.unNumber === c.unNumber)?.written ?? c.casNumber;
}
