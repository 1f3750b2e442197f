import type { HazmatEnterpriseRecord, IsoCalendarDate } from '../../schema/model';
import { parseCalendarDate } from '../kit/calendar-date';
import { readCasNumber } from '../kit/cas-number';
import { flag, hazardUnit, parkRiskGrade, UNRECORDED, type HoldingSafety } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';
import { children, text, type XmlRecord } from './envelope';

/**
 * jsyj's v1.1 enterprise elements (additions-v1.1.md): `<CAS>`, `<ZDJG>`, `<JD>` in each
 * `<CHEMICAL>`; `<HGYQ_MC>`, `<HGYQ_FXDJ>`, `<AQSCXKZ_BH>`, `<AQSCXKZ_YXQ>` (yyyyMMdd) and
 * `<ZDWXY_DYS>` in the row. Rows written before the release lack them; an empty element is
 * "not recorded", an empty `<ZDWXY_DYS/>` a site without major hazard units.
 */

export function holdingSafety(c: XmlRecord): HoldingSafety {
  if (c.CAS === undefined && c.ZDJG === undefined && c.JD === undefined) return UNRECORDED;
  return { ...readCasNumber(text(c, 'CAS'), 'CAS'), keySupervised: flag(text(c, 'ZDJG'), '1', '0', 'ZDJG'), highlyToxic: flag(text(c, 'JD'), '1', '0', 'JD') };
}

function yyyyMMdd(value: string): IsoCalendarDate {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) throw new LegacyDataInvalidError(`invalid AQSCXKZ_YXQ "${value}"`);
  return parseCalendarDate(`${m[1]}-${m[2]}-${m[3]}`);
}

export function enterpriseSafety(row: XmlRecord): Pick<HazmatEnterpriseRecord, 'park' | 'licence' | 'majorHazardUnits'> {
  const parkName = text(row, 'HGYQ_MC');
  const licenceNo = text(row, 'AQSCXKZ_BH');
  const validUntil = text(row, 'AQSCXKZ_YXQ');
  return {
    park: parkName === null ? null : { name: parkName, riskGrade: parkRiskGrade(text(row, 'HGYQ_FXDJ'), 'HGYQ_FXDJ') },
    licence: licenceNo === null ? null : { number: licenceNo, validUntil: validUntil === null ? null : yyyyMMdd(validUntil) },
    majorHazardUnits:
      row.ZDWXY_DYS === undefined ? null : children(row, 'ZDWXY_DYS', 'ZDWXY_DY').map((u) => hazardUnit('JS', text(u, 'DY_MC'), text(u, 'DJ'), 'ZDWXY_DY')),
  };
}
