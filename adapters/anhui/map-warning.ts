import { globalId, type WarningRecord } from '../../schema/model';
import { normaliseAdcode } from '../kit/adcodes';
import { decodeMessageType } from '../kit/code-tables';
import { decodeSignal } from '../kit/warning-signal';
import { LegacyDataInvalidError } from '../kit/errors';
import { optional, optionalTime, required, time, type AhRow } from './fields';

/** 预警信息 (yjxx) rows: integer ids, YJJB counting downwards, YXQY a `;`-separated list of adcodes. */

export function warningIdOf(row: AhRow): string {
  const id = required(row, 'ID');
  if (!/^\d+$/.test(id)) throw new LegacyDataInvalidError(`ID "${id}" is not an integer`);
  return id;
}

export function mapWarning(row: AhRow): WarningRecord {
  const sourceId = warningIdOf(row);
  const messageType = decodeMessageType('AH', required(row, 'XXLX'));
  const glid = optional(row, 'GLID');
  if (messageType !== 'ALERT' && glid === null) throw new LegacyDataInvalidError(`${messageType} without GLID`);
  if (glid !== null && !/^\d+$/.test(glid)) throw new LegacyDataInvalidError(`GLID "${glid}" is not an integer`);
  return {
    id: globalId('AH', 'Warning', sourceId),
    province: 'AH',
    sourceId,
    ...decodeSignal('AH', required(row, 'YJLX'), required(row, 'YJJB')),
    messageType,
    supersedesId: messageType === 'ALERT' || glid === null ? null : globalId('AH', 'Warning', glid),
    headline: required(row, 'BT'),
    description: required(row, 'NR'),
    instruction: optional(row, 'FYZN'),
    issuer: required(row, 'FBDW'),
    issuedAt: time(row, 'FBSJ'),
    effectiveAt: time(row, 'SXSJ'),
    expiresAt: optionalTime(row, 'JSSJ'),
    areaCodes: (optional(row, 'YXQY') ?? '').split(';').filter((c) => c.trim() !== '').map((c) => normaliseAdcode(c)),
    updatedAt: time(row, 'GXSJ'),
  };
}
