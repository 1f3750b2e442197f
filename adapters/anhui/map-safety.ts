import type { HazmatEnterpriseRecord } from '../../schema/model';
import { parseCalendarDate } from '../kit/calendar-date';
import { readCasNumber } from '../kit/cas-number';
import { flag, hazardUnit, parkRiskGrade, UNRECORDED, type HoldingSafety } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';
import { optional, unpack, type AhRow } from './fields';

/**
 * ahyj's v1.1 enterprise fields (additions-v1.1.md): HXPMX packs of seven fields (CAS, 重点监管,
 * 剧毒 after the older four) beside four-field ones in one record; `YQMC`, `YQDJ` (`A类` … `D类`),
 * `XKZBH`, `XKZYXQ` (`yyyy-MM-dd` or `长期`), `WXYDY` (`罐区一:二级;…`). Records written before the
 * release lack them.
 */

/** HXPMX fields 5–7 of a seven-field pack; a four-field pack is the older form. */
export function holdingSafety(extra: readonly string[]): HoldingSafety {
  if (extra.length === 0) return UNRECORDED;
  const [cas, keySupervised, highlyToxic] = extra;
  return { ...readCasNumber(cas, 'HXPMX CAS'), keySupervised: flag(keySupervised, '是', '否', 'HXPMX 重点监管'), highlyToxic: flag(highlyToxic, '是', '否', 'HXPMX 剧毒') };
}

/** `长期` is a licence without end. */
const NO_END = '长期';

function parkGrade(text: string | null): ReturnType<typeof parkRiskGrade> {
  if (text === null) return null;
  if (!text.endsWith('类')) throw new LegacyDataInvalidError(`invalid YQDJ "${text}"`);
  return parkRiskGrade(text.slice(0, -1), 'YQDJ');
}

export function enterpriseSafety(row: AhRow): Pick<HazmatEnterpriseRecord, 'park' | 'licence' | 'majorHazardUnits'> {
  const parkName = optional(row, 'YQMC');
  const licenceNo = optional(row, 'XKZBH');
  const validUntil = optional(row, 'XKZYXQ');
  return {
    park: parkName === null ? null : { name: parkName, riskGrade: parkGrade(optional(row, 'YQDJ')) },
    licence: licenceNo === null ? null : { number: licenceNo, validUntil: validUntil === null || validUntil === NO_END ? null : parseCalendarDate(validUntil) },
    majorHazardUnits: !('WXYDY' in row) ? null : unpack(optional(row, 'WXYDY'), ';', ':', 2, 'WXYDY').map(([name, grade]) => hazardUnit('AH', name, grade, 'WXYDY')),
  };
}
