import type { IsoCalendarDate, SafetyLicenceRecord } from '../../schema/model';
import { beijingDate } from './calendar-date';

/** A licence is valid on its last day and expired from the day after (Beijing), never invalid. */
export function licenceValid(licence: Pick<SafetyLicenceRecord, 'validUntil'>, at: Date): boolean {
  return licence.validUntil === null || licence.validUntil >= beijingDate(at);
}

/** When a licence's validity next changes after `at`: the next Beijing midnight (ms). */
export function nextBeijingMidnight(at: Date): number {
  const today: IsoCalendarDate = beijingDate(at);
  return Date.parse(`${today}T00:00:00+08:00`) + 86_400_000;
}
