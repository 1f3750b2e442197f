import { normaliseAdcode } from '../kit/adcodes';
import { decodeBaseLevel, decodeCapability, decodeMutualAidStatus, decodeOnDuty } from '../kit/code-tables';
import { normaliseCreditCode } from '../kit/credit-code';
import { forceTypeOf } from '../kit/force-types';
import type { MutualAidStatusRecord } from '../kit/province-adapter';
import { parseNumber } from '../kit/units';
import { globalId, type RescueBaseRecord, type RescueCapability } from '../../schema/model';
import { children, requiredText, text, type XmlRecord } from './envelope';
import { location, nonNegativeInteger, requiredTime } from './row-values';

/** RescueService rows. */

function capabilities(codes: string | null): RescueCapability[] {
  if (codes === null) return [];
  return [...new Set(codes.split(',').map((c) => c.trim()).filter((c) => c !== '').map((c) => decodeCapability('JS', c)))];
}

export function mapBase(row: XmlRecord): RescueBaseRecord {
  const sourceId = requiredText(row, 'JD_ID');
  const creditCode = text(row, 'TYSHXYDM');
  return {
    id: globalId('JS', 'RescueBase', sourceId),
    province: 'JS',
    sourceId,
    name: requiredText(row, 'JD_MC'),
    level: decodeBaseLevel('JS', text(row, 'JB')),
    creditCode: creditCode === null ? null : normaliseCreditCode(creditCode),
    divisionCode: normaliseAdcode(requiredText(row, 'XZQH_DM')),
    location: location(row),
    capabilities: capabilities(text(row, 'NL')),
    teams: children(row, 'DWS', 'DW').map((dw) => {
      const teamId = requiredText(dw, 'DW_ID');
      const specialty = text(dw, 'ZY');
      return {
        id: globalId('JS', 'RescueTeam', teamId),
        sourceId: teamId,
        name: requiredText(dw, 'DW_MC'),
        members: nonNegativeInteger(requiredText(dw, 'RS'), 'RS'),
        specialty: specialty === null ? null : decodeCapability('JS', specialty),
        ...forceTypeOf('JS', text(dw, 'LLLX')),
      };
    }),
    materials: children(row, 'WZS', 'WZ').map((wz) => ({
      code: requiredText(wz, 'WZ_BM'),
      name: requiredText(wz, 'WZ_MC'),
      quantity: parseNumber(requiredText(wz, 'SL'), 'SL'),
      unit: requiredText(wz, 'JLDW'),
    })),
    onDuty: decodeOnDuty('JS', text(row, 'ZB_ZT')),
    dutyPhone: text(row, 'LXDH'),
    updatedAt: requiredTime(row, 'UPDATE_TIME'),
  };
}

/** requestGet's row: SQ_ID, ZT, UPDATE_TIME. */
export function mapMutualAidStatus(row: XmlRecord): MutualAidStatusRecord {
  const sourceId = requiredText(row, 'SQ_ID');
  return {
    id: globalId('JS', 'MutualAidRequest', sourceId),
    province: 'JS',
    sourceId,
    status: decodeMutualAidStatus('JS', text(row, 'ZT')),
    updatedAt: requiredTime(row, 'UPDATE_TIME'),
  };
}
