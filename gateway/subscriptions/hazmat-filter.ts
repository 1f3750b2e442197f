import { isWithin } from '../../schema/geography';
import type { ProvinceCode } from '../../schema/model';
import type { HazmatTransportEntry } from '../../schema/push/feed';
import { checkedAdcodes, type EntryMatcher } from './warning-filter';

export interface HazmatTransportFilterInput {
  toward: ProvinceCode;
  adcodes?: string[] | null;
}

/** The watching province's trips, and, with adcodes, those whose origin or destination (or, for ENTERED, the county entered) lies in one of them. */
export function hazmatTransportMatcher(filter: HazmatTransportFilterInput): EntryMatcher<HazmatTransportEntry> {
  const adcodes = filter.adcodes ? checkedAdcodes(filter.adcodes, 'filter.adcodes') : null;
  return (e) => e.toward === filter.toward && (!adcodes || e.adcodes.some((c) => adcodes.some((a) => isWithin(c, a))));
}
