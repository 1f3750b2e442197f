import { provinceOfAdcode } from '../../../schema/geography';
import type { WaybillRecord } from '../../../schema/model';
import type { TripInTransit } from '../../../schema/push/feed';

/**
 * The trips of the copy that are under way toward a province of the region other than the one
 * they start in (or from an unknown start): the trips whose track the destination's subgraph
 * watches for the border crossing. Trips inside one province are left out, and so are trips that
 * only pass through a province: where a vehicle will drive is not on the waybill.
 */
export function tripsInTransit(records: readonly WaybillRecord[]): TripInTransit[] {
  return records.flatMap((w) => {
    const toward = w.destination.divisionCode ? provinceOfAdcode(w.destination.divisionCode) : null;
    const from = w.origin.divisionCode ? provinceOfAdcode(w.origin.divisionCode) : null;
    if (w.status !== 'IN_TRANSIT' || w.departedAt === null || toward === null || from === toward) return [];
    const adcodes = [w.origin.divisionCode, w.destination.divisionCode].filter((c): c is string => c !== null);
    return [{ waybillId: w.id, plate: w.plate, departedAt: w.departedAt, toward, originAdcode: w.origin.divisionCode, adcodes }];
  });
}
