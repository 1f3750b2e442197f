import { badArgument } from '../../schema/argument-checks';
import { division, successorOf } from '../../schema/geography';
import { WARNING_LEVELS, type ProvinceCode, type WarningEvent, type WarningLevel } from '../../schema/model';
import type { WarningChangeEntry } from '../../schema/push/feed';
import { unknownZoneMessage, zoneByCode, type ZoneDefinition } from '../../schema/zones';
import { warningAreasInZone, warningAreasWithinAny } from '../../schema/warning-areas';

export interface WarningChangeFilterInput {
  provinces?: ProvinceCode[] | null;
  adcodes?: string[] | null;
  zone?: string | null;
  events?: WarningEvent[] | null;
  minLevel?: WarningLevel | null;
}

export type EntryMatcher<E> = (entry: E) => boolean;

/** Adcodes must name divisions of the region; abolished ones stand for their successors, as in queries. */
export function checkedAdcodes(adcodes: readonly string[], argument: string): string[] {
  return adcodes.map((code, i) => {
    const current = successorOf(code);
    if (!division(current)) throw badArgument(`${argument}.${i}`, `"${code}" is not a division of the region`);
    return current;
  });
}

/** The zone from the region's zone table (schema/zones.ts), read in process as the province filters read it. */
function checkedZone(code: string): ZoneDefinition {
  const zone = zoneByCode(code);
  if (!zone) throw badArgument('filter.zone', unknownZoneMessage(code) ?? `unknown zone "${code}"`);
  return zone;
}

/** The filter checked (BAD_USER_INPUT naming the argument) and turned into a test of bus entries. */
export function warningChangeMatcher(filter: WarningChangeFilterInput | null | undefined): EntryMatcher<WarningChangeEntry> {
  const f = filter ?? {};
  const adcodes = f.adcodes ? checkedAdcodes(f.adcodes, 'filter.adcodes') : null;
  const zone = f.zone ? checkedZone(f.zone) : null;
  const minRank = f.minLevel ? WARNING_LEVELS.indexOf(f.minLevel) : 0;
  return (e) =>
    (!f.provinces || f.provinces.includes(e.province)) &&
    (!f.events || f.events.includes(e.event)) &&
    WARNING_LEVELS.indexOf(e.level) >= minRank &&
    (!adcodes || warningAreasWithinAny(e.areaCodes, adcodes)) &&
    (!zone || warningAreasInZone(zone, e.areaCodes));
}
