import type { HazmatEnterpriseRecord } from '../../schema/model';
import { parseCalendarDate } from '../kit/calendar-date';
import { readCasNumber } from '../kit/cas-number';
import { flag, hazardUnit, parkRiskGrade, UNRECORDED, type HoldingSafety } from '../kit/enterprise-safety';
import { asArray, asObject, optionalText, text, type Json } from './fields';

/**
 * Shanghai's v1.1 enterprise fields (additions-v1.1.md): each chemical's `cas`, `keySupervised`,
 * `highlyToxic`; the enterprise's `park` (absent outside parks), `licence` and `hazardUnits`.
 * Records written before the release lack them.
 */

export function holdingSafety(chem: Json, what: string): HoldingSafety {
  if (!('cas' in chem) && !('keySupervised' in chem) && !('highlyToxic' in chem)) return UNRECORDED;
  return {
    ...readCasNumber(chem.cas, `${what}.cas`),
    keySupervised: flag(chem.keySupervised, true, false, `${what}.keySupervised`),
    highlyToxic: flag(chem.highlyToxic, true, false, `${what}.highlyToxic`),
  };
}

export function enterpriseSafety(r: Json): Pick<HazmatEnterpriseRecord, 'park' | 'licence' | 'majorHazardUnits'> {
  const park = r.park === undefined || r.park === null ? null : asObject(r.park, 'park');
  const licence = r.licence === undefined || r.licence === null ? null : asObject(r.licence, 'licence');
  const validUntil = licence ? optionalText(licence.validUntil, 'licence.validUntil') : null;
  return {
    park: park ? { name: text(park.name, 'park.name'), riskGrade: parkRiskGrade(optionalText(park.riskGrade, 'park.riskGrade'), 'park.riskGrade') } : null,
    licence: licence ? { number: text(licence.no, 'licence.no'), validUntil: validUntil === null ? null : parseCalendarDate(validUntil) } : null,
    majorHazardUnits:
      r.hazardUnits === undefined
        ? null
        : asArray(r.hazardUnits, 'hazardUnits').map((u, i) => {
            const unit = asObject(u, `hazardUnits[${i}]`);
            return hazardUnit('SH', optionalText(unit.name, `hazardUnits[${i}].name`), unit.level as string, `hazardUnits[${i}]`);
          }),
  };
}
