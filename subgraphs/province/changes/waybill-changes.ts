import { provinceOfAdcode } from '../../../schema/geography';
import type { WaybillRecord } from '../../../schema/model';
import type { HazmatTransportEntry, HazmatTransportKind } from '../../../schema/push/feed';
import type { RecordChange } from '../replica';

/** A status change that another province watches for; ENTERED needs the track and is not detected here. */
const KIND_OF_STATUS: Readonly<Partial<Record<WaybillRecord['status'], HazmatTransportKind>>> = { IN_TRANSIT: 'DEPARTED_TOWARD', ARRIVED: 'ARRIVED', CANCELLED: 'CANCELLED' };

/**
 * The trips of a re-sync's changed waybills that head into another province than the issuing
 * one: a status that became IN_TRANSIT, ARRIVED or CANCELLED, for the destination's province.
 */
export function hazmatTransportEntries(changes: readonly RecordChange<WaybillRecord>[], at: Date): HazmatTransportEntry[] {
  return changes.flatMap(({ before, after }) => {
    const kind = KIND_OF_STATUS[after.status];
    const toward = after.destination.divisionCode ? provinceOfAdcode(after.destination.divisionCode) : null;
    if (!kind || before?.status === after.status || toward === null || toward === after.province) return [];
    const adcodes = [after.origin.divisionCode, after.destination.divisionCode].filter((c): c is string => c !== null);
    return [{ key: `${after.id}@${after.updatedAt}:${kind}`, kind, at: at.toISOString(), toward, waybillId: after.id, adcodes, plate: after.plate }];
  });
}
