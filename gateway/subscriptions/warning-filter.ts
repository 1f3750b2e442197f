import { parse } from 'graphql';
import { badArgument } from '../../schema/argument-checks';
import { division, isWithin, successorOf } from '../../schema/geography';
import { WARNING_LEVELS, type ProvinceCode, type WarningEvent, type WarningLevel } from '../../schema/model';
import type { WarningChangeEntry } from '../../schema/push/feed';
import type { GatewayExecutor, Subscriber } from './subscriber';

export interface WarningChangeFilterInput {
  provinces?: ProvinceCode[] | null;
  adcodes?: string[] | null;
  zone?: string | null;
  events?: WarningEvent[] | null;
  minLevel?: WarningLevel | null;
}

export type EntryMatcher<E> = (entry: E) => boolean;

const ZONES = parse('query SubscriptionZone { zones { code divisions { adcode } } }');

/** Adcodes must name divisions of the region; abolished ones stand for their successors, as in queries. */
export function checkedAdcodes(adcodes: readonly string[], argument: string): string[] {
  return adcodes.map((code, i) => {
    const current = successorOf(code);
    if (!division(current)) throw badArgument(`${argument}.${i}`, `"${code}" is not a division of the region`);
    return current;
  });
}

async function zoneDivisions(zone: string, executor: GatewayExecutor, subscriber: Subscriber): Promise<string[]> {
  const answer = await executor.execute(ZONES, {}, subscriber);
  const zones = (answer.data?.zones ?? []) as { code: string; divisions: { adcode: string }[] }[];
  const found = zones.find((z) => z.code === zone);
  if (!found) throw badArgument('filter.zone', `"${zone}" is not a zone (Query.zones lists them)`);
  return found.divisions.map((d) => d.adcode);
}

const within = (codes: readonly string[], wanted: readonly string[]): boolean => codes.some((code) => wanted.some((w) => isWithin(code, w)));

/** The filter checked (BAD_USER_INPUT naming the argument) and turned into a test of bus entries; the zone is read through Query.zones. */
export async function warningChangeMatcher(filter: WarningChangeFilterInput | null | undefined, executor: GatewayExecutor, subscriber: Subscriber): Promise<EntryMatcher<WarningChangeEntry>> {
  const f = filter ?? {};
  const adcodes = f.adcodes ? checkedAdcodes(f.adcodes, 'filter.adcodes') : null;
  const zone = f.zone ? await zoneDivisions(f.zone, executor, subscriber) : null;
  const minRank = f.minLevel ? WARNING_LEVELS.indexOf(f.minLevel) : 0;
  return (e) =>
    (!f.provinces || f.provinces.includes(e.province)) &&
    (!f.events || f.events.includes(e.event)) &&
    WARNING_LEVELS.indexOf(e.level) >= minRank &&
    (!adcodes || within(e.areaCodes, adcodes)) &&
    (!zone || within(e.areaCodes, zone));
}
