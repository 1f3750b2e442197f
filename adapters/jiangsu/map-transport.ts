import type { CrewMemberRecord, CrewRole, WaybillPartyRecord, WaybillTransportFields } from '../../schema/model';
import { normaliseAdcode } from '../kit/adcodes';
import { normaliseCreditCode } from '../kit/credit-code';
import { crewMember, crewOrNull } from '../kit/crew';
import { normaliseTrailerPlate } from '../kit/plate';
import { text, type XmlRecord } from './envelope';

/**
 * The waybill elements of Jiangsu's 2026 release (additions-v1.1.md). An empty element means not
 * recorded; rows written before the release lack the elements. The driver (JSY_) and the escort
 * (YYY_) have elements of their own; a member is recorded when their name is.
 */

function consignor(row: XmlRecord): WaybillPartyRecord | null {
  const name = text(row, 'TYR_MC');
  if (name === null) return null;
  const code = text(row, 'TYR_TYSHXYDM');
  const division = text(row, 'TYR_XZQH');
  return { name, creditCode: code === null ? null : normaliseCreditCode(code), divisionCode: division === null ? null : normaliseAdcode(division) };
}

function member(row: XmlRecord, role: CrewRole, prefix: 'JSY' | 'YYY'): CrewMemberRecord[] {
  if (text(row, `${prefix}_XM`) === null) return [];
  return [crewMember(role, { name: row[`${prefix}_XM`], certificate: row[`${prefix}_ZGZH`], phone: row[`${prefix}_DH`] }, prefix)];
}

export function mapTransport(row: XmlRecord): WaybillTransportFields {
  const trailer = text(row, 'GCH');
  return {
    consignor: consignor(row),
    trailerPlate: trailer === null ? null : normaliseTrailerPlate(trailer),
    tankNumber: text(row, 'GTBH'),
    transportPermit: text(row, 'DLYSZH'),
    crew: crewOrNull([...member(row, 'DRIVER', 'JSY'), ...member(row, 'ESCORT', 'YYY')]),
    emergencyPhone: text(row, 'YJLXDH'),
  };
}
