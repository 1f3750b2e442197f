import type { ChemicalHolding, HazmatEnterpriseRecord } from '../../schema/model';
import { casAsWritten, holdingRecorded, writtenSinceRelease } from '../dataset/safety-record';
import { HAZARD_GRADE } from './codes';
import { serialiseRow, type XmlRow } from './xml';

/**
 * The v1.1 enterprise elements of jsyj (additions-v1.1.md): absent from rows written before the
 * release; an empty `<ZDWXY_DYS/>` is a site without major hazard units.
 */

const flag = (v: boolean | null): string | null => (v === null ? null : v ? '1' : '0');

export function chemicalSafety(e: HazmatEnterpriseRecord, c: ChemicalHolding): XmlRow {
  if (!holdingRecorded(c)) return {};
  return { CAS: casAsWritten(e, c), ZDJG: flag(c.keySupervised), JD: flag(c.highlyToxic) };
}

export function enterpriseSafety(e: HazmatEnterpriseRecord): XmlRow {
  if (!writtenSinceRelease(e)) return {};
  return {
    HGYQ_MC: e.park?.name ?? null,
    HGYQ_FXDJ: e.park?.riskGrade ?? null,
    AQSCXKZ_BH: e.licence?.number ?? null,
    AQSCXKZ_YXQ: e.licence?.validUntil?.replace(/-/g, '') ?? null,
    ZDWXY_DYS: {
      children: (e.majorHazardUnits ?? []).map((u) => serialiseRow({ DY_MC: u.name, DJ: HAZARD_GRADE[u.grade] }, 'ZDWXY_DY')),
    },
  };
}
