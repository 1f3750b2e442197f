import type { ProvinceCode, WarningEvent, WarningLevel } from '../../schema/model';
import { hasColour } from '../../schema/warning-colours';
import { decodeEvent, decodeLevel, type LegacyCode } from './code-tables';
import { LegacyDataInvalidError } from './errors';

/** A warning's event and colour read together: a colour outside the event's set (GB/T 27962) makes the record invalid. */
export function decodeSignal(province: ProvinceCode, eventCode: LegacyCode, levelCode: LegacyCode): { event: WarningEvent; level: WarningLevel } {
  const event = decodeEvent(province, eventCode);
  const level = decodeLevel(province, levelCode);
  if (!hasColour(event, level)) throw new LegacyDataInvalidError(`${event} warnings have no ${level} signal (GB/T 27962)`);
  return { event, level };
}
