import { PARK_RISK_GRADES, type HazmatEnterpriseRecord, type IsoCalendarDate, type ParkRiskGrade } from '../../schema/model';
import { beijingDate } from '../kit/calendar-date';
import { readCasNumber } from '../kit/cas-number';
import { flag, hazardUnit, UNRECORDED, type HoldingSafety } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';

/**
 * 浙里急's v1.1 enterprise fields (additions-v1.1.md): `cas`, `zdjg`, `jd` ("Y" / "N") in each
 * `hxp` entry; `yq` whose `dj` counts 1 = A … 4 = D, `xkz` whose `yxq` is the last valid day at
 * 00:00 Beijing in epoch ms, `wxydy` graded like `wxydj`. Records written before the release lack them.
 */

type ZjObject = Record<string, unknown>;

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function object(v: unknown, field: string): ZjObject | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new LegacyDataInvalidError(`${field} is not an object`);
  return v as ZjObject;
}

function name(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new LegacyDataInvalidError(`missing ${field}`);
  return v.trim();
}

export function holdingSafety(c: ZjObject, field: string): HoldingSafety {
  if (!('cas' in c) && !('zdjg' in c) && !('jd' in c)) return UNRECORDED;
  return { ...readCasNumber(c.cas, `${field}.cas`), keySupervised: flag(c.zdjg, 'Y', 'N', `${field}.zdjg`), highlyToxic: flag(c.jd, 'Y', 'N', `${field}.jd`) };
}

/** 1 = A … 4 = D: the system counts its grades from the highest risk. */
function parkGrade(v: unknown): ParkRiskGrade | null {
  if (blank(v)) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > PARK_RISK_GRADES.length) throw new LegacyDataInvalidError(`invalid yq.dj ${JSON.stringify(v)}`);
  return PARK_RISK_GRADES[n - 1];
}

function lastValidDay(v: unknown): IsoCalendarDate | null {
  if (blank(v)) return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new LegacyDataInvalidError(`invalid xkz.yxq ${JSON.stringify(v)}: not epoch milliseconds`);
  return beijingDate(new Date(n));
}

export function enterpriseSafety(r: ZjObject): Pick<HazmatEnterpriseRecord, 'park' | 'licence' | 'majorHazardUnits'> {
  const yq = object(r.yq, 'yq');
  const xkz = object(r.xkz, 'xkz');
  if (r.wxydy !== undefined && r.wxydy !== null && !Array.isArray(r.wxydy)) throw new LegacyDataInvalidError('wxydy is not a list');
  const units = Array.isArray(r.wxydy) ? (r.wxydy as unknown[]) : null;
  return {
    park: yq ? { name: name(yq.mc, 'yq.mc'), riskGrade: parkGrade(yq.dj) } : null,
    licence: xkz ? { number: name(xkz.bh, 'xkz.bh'), validUntil: lastValidDay(xkz.yxq) } : null,
    majorHazardUnits: units?.map((u, i) => {
      const unit = object(u, `wxydy[${i}]`) ?? {};
      return hazardUnit('ZJ', blank(unit.mc) ? null : String(unit.mc), unit.dj as number, `wxydy[${i}]`);
    }) ?? null,
  };
}
