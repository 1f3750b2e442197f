import { normaliseAdcode } from '../kit/adcodes';
import { decodeMessageType } from '../kit/code-tables';
import { decodeSignal } from '../kit/warning-signal';
import { LegacyDataInvalidError } from '../kit/errors';
import { globalId, type WarningRecord } from '../../schema/model';
import { requiredText, text, type XmlRecord } from './envelope';
import { optionalTime, requiredTime } from './row-values';

/** A WarningService row. AREA_CODES may name a whole city (320500): it is kept as the city's code. */
export function mapWarning(row: XmlRecord): WarningRecord {
  const sourceId = requiredText(row, 'WARN_ID');
  const messageType = decodeMessageType('JS', text(row, 'MSG_TYPE'));
  const ref = text(row, 'REF_WARN_ID');
  if (messageType !== 'ALERT' && ref === null) throw new LegacyDataInvalidError(`missing REF_WARN_ID on a MSG_TYPE ${messageType} message`);
  const areaCodes = requiredText(row, 'AREA_CODES')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map(normaliseAdcode);
  if (areaCodes.length === 0) throw new LegacyDataInvalidError('missing AREA_CODES');
  return {
    id: globalId('JS', 'Warning', sourceId),
    province: 'JS',
    sourceId,
    ...decodeSignal('JS', text(row, 'WARN_TYPE'), text(row, 'WARN_LEVEL')),
    messageType,
    supersedesId: ref === null ? null : globalId('JS', 'Warning', ref),
    headline: requiredText(row, 'TITLE'),
    description: text(row, 'CONTENT') ?? '',
    instruction: text(row, 'DEFENSE_GUIDE'),
    issuer: requiredText(row, 'ISSUE_ORG'),
    issuedAt: requiredTime(row, 'ISSUE_TIME'),
    effectiveAt: requiredTime(row, 'START_TIME'),
    expiresAt: optionalTime(row, 'END_TIME'),
    areaCodes: [...new Set(areaCodes)],
    updatedAt: requiredTime(row, 'UPDATE_TIME'),
  };
}
