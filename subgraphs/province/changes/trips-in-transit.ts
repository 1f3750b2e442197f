import { provinceOfAdcode } from '../../../schema/geography';
import type { WaybillRecord } from '../../../schema/model';
import type { TripInTransit } from '../../../schema/push/feed';

/**
 * The trips of the copy that are under way from one province to another, or between the region and
 * a place outside it: the trips whose track the destination's subgraph, and the subgraph of every
 * province the trip may pass through, watch for border crossings (`watchesTrip`). Trips inside one
 * province are left out.
 */
export function tripsInTransit(records: readonly WaybillRecord[]): TripInTransit[] {
  return records.flatMap((w) => {
    const toward = w.destination.divisionCode ? provinceOfAdcode(w.destination.divisionCode) : null;
    const from = w.origin.divisionCode ? provinceOfAdcode(w.origin.divisionCode) : null;
    if (w.status !== 'IN_TRANSIT' || w.departedAt === null || from === toward) return [];
    const adcodes = [w.origin.divisionCode, w.destination.divisionCode].filter((c): c is string => c !== null);
    return [{ waybillId: w.id, plate: w.plate, departedAt: w.departedAt, toward, originAdcode: w.origin.divisionCode, adcodes }];
  });
}
