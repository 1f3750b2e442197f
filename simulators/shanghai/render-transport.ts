import type { CrewRole, WaybillPartyRecord, WaybillRecord } from '../../schema/model';
import { hasTransportDetails } from '../dataset/waybill-details';
import { hasQuirk } from './quirks';

/** The waybill fields of Shanghai's 2026 release (additions-v1.1.md); records written before it have none. */

const ROLE: Readonly<Record<CrewRole, string>> = { DRIVER: '驾驶员', ESCORT: '押运员' };

const party = (p: WaybillPartyRecord | null): Record<string, unknown> | null =>
  p === null ? null : { name: p.name, creditCode: p.creditCode, districtCode: p.divisionCode };

/** "沪D1234挂" → "沪D·1234挂". */
export function withDot(plate: string): string {
  return `${plate.slice(0, 2)}·${plate.slice(2)}`;
}

export function renderTransport(w: WaybillRecord): Record<string, unknown> {
  if (!hasTransportDetails(w)) return {};
  return {
    consignor: party(w.consignor),
    trailerPlate: w.trailerPlate !== null && hasQuirk(w.sourceId, 'TRAILER_DOT') ? withDot(w.trailerPlate) : w.trailerPlate,
    tankNo: w.tankNumber,
    permitNo: w.transportPermit,
    crew: (w.crew ?? []).map((m) => ({ role: ROLE[m.role], name: m.name, certNo: m.qualificationCertificate, phone: m.phone })),
    emergencyPhone: w.emergencyPhone,
  };
}
