import type { WaybillPartyRecord, WaybillTransportFields } from '../../schema/model';
import { crewMember, crewOrNull, decodeCrewRole } from '../kit/crew';
import { normaliseTrailerPlate } from '../kit/plate';
import { asArray, asObject, optionalText, type Json } from './fields';

/**
 * The waybill fields of Shanghai's 2026 release (additions-v1.1.md); absent in records written
 * before it. The consignor is a party like the origin and destination, read by `party`.
 */
export function mapTransport(r: Json, party: (v: unknown, what: string) => WaybillPartyRecord): WaybillTransportFields {
  const trailer = optionalText(r.trailerPlate, 'trailerPlate');
  const crew = r.crew === undefined || r.crew === null ? [] : asArray(r.crew, 'crew');
  return {
    consignor: r.consignor === undefined || r.consignor === null ? null : party(r.consignor, 'consignor'),
    trailerPlate: trailer === null ? null : normaliseTrailerPlate(trailer),
    tankNumber: optionalText(r.tankNo, 'tankNo'),
    transportPermit: optionalText(r.permitNo, 'permitNo'),
    crew: crewOrNull(
      crew.map((m, i) => {
        const member = asObject(m, `crew[${i}]`);
        return crewMember(decodeCrewRole('SH', member.role as string), { name: member.name, certificate: member.certNo, phone: member.phone }, `crew[${i}]`);
      }),
    ),
    emergencyPhone: optionalText(r.emergencyPhone, 'emergencyPhone'),
  };
}
