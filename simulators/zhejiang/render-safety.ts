import { PARK_RISK_GRADES, type ChemicalHolding, type HazmatEnterpriseRecord } from '../../schema/model';
import { casAsWritten, holdingRecorded, writtenSinceRelease } from '../dataset/safety-record';
import { wxydj } from './codes';

/**
 * The v1.1 enterprise fields of zlj (additions-v1.1.md): the park's `dj` counts 1 = A … 4 = D, the
 * licence's `yxq` is the last valid day at 00:00 Beijing in epoch ms, flags are "Y" / "N".
 */

const yn = (v: boolean | null): string | null => (v === null ? null : v ? 'Y' : 'N');

export function chemicalSafety(e: HazmatEnterpriseRecord, c: ChemicalHolding): Record<string, unknown> {
  if (!holdingRecorded(c)) return {};
  return { cas: casAsWritten(e, c), zdjg: yn(c.keySupervised), jd: yn(c.highlyToxic) };
}

export function enterpriseSafety(e: HazmatEnterpriseRecord): Record<string, unknown> {
  if (!writtenSinceRelease(e)) return {};
  return {
    ...(e.park ? { yq: { mc: e.park.name, dj: e.park.riskGrade === null ? null : PARK_RISK_GRADES.indexOf(e.park.riskGrade) + 1 } } : {}),
    ...(e.licence ? { xkz: { bh: e.licence.number, yxq: e.licence.validUntil === null ? null : Date.parse(`${e.licence.validUntil}T00:00:00+08:00`) } } : {}),
    wxydy: (e.majorHazardUnits ?? []).map((u) => ({ mc: u.name, dj: wxydj(u.grade) })),
  };
}
