import type { ChemicalHolding, HazmatEnterpriseRecord } from '../../schema/model';
import { casAsWritten, holdingRecorded, writtenSinceRelease } from '../dataset/safety-record';
import { AH_GRADE, hazardClassCode } from './codes';

/**
 * The v1.1 enterprise fields of ahyj (additions-v1.1.md): seven-field HXPMX packs beside the older
 * four-field ones, `A类` park grades, `长期` licences, `罐区一:二级;…` units.
 */

const sf = (v: boolean | null): string => (v ? '是' : '否');

/** One HXPMX pack: UN | name | class | tonnes [| CAS | 重点监管 | 剧毒]. */
export function chemicalPack(e: HazmatEnterpriseRecord, c: ChemicalHolding): string {
  const older = [c.unNumber, c.name, hazardClassCode(c.hazardClass), String(c.tonnes)];
  return (holdingRecorded(c) ? [...older, casAsWritten(e, c) ?? '', sf(c.keySupervised), sf(c.highlyToxic)] : older).join('|');
}

export function enterpriseSafety(e: HazmatEnterpriseRecord): Record<string, string> {
  if (!writtenSinceRelease(e)) return {};
  return {
    YQMC: e.park?.name ?? '',
    YQDJ: e.park?.riskGrade ? `${e.park.riskGrade}类` : '',
    XKZBH: e.licence?.number ?? '',
    XKZYXQ: e.licence ? (e.licence.validUntil ?? '长期') : '',
    WXYDY: (e.majorHazardUnits ?? []).map((u) => `${u.name}:${AH_GRADE[u.grade]}`).join(';'),
  };
}
