import type { ChemicalHolding, HazmatEnterpriseRecord } from '../../schema/model';
import { casAsWritten, holdingRecorded, writtenSinceRelease } from '../dataset/safety-record';
import { SH_HAZARD_GRADE } from './codes';

/** The v1.1 enterprise fields in Shanghai's JSON (additions-v1.1.md); records written before the release have none. */

export function chemicalSafety(e: HazmatEnterpriseRecord, c: ChemicalHolding): Record<string, unknown> {
  if (!holdingRecorded(c)) return {};
  return { cas: casAsWritten(e, c), keySupervised: c.keySupervised, highlyToxic: c.highlyToxic };
}

export function enterpriseSafety(e: HazmatEnterpriseRecord): Record<string, unknown> {
  if (!writtenSinceRelease(e)) return {};
  return {
    ...(e.park ? { park: { name: e.park.name, riskGrade: e.park.riskGrade } } : {}),
    ...(e.licence ? { licence: { no: e.licence.number, validUntil: e.licence.validUntil } } : {}),
    hazardUnits: (e.majorHazardUnits ?? []).map((u) => ({ name: u.name, level: SH_HAZARD_GRADE[u.grade] })),
  };
}
