import type { WaybillPartyRecord, WaybillTransportFields } from '../../schema/model';
import { crewMember, crewOrNull, decodeCrewRole, personalText } from '../kit/crew';
import { LegacyDataInvalidError } from '../kit/errors';
import { normaliseTrailerPlate } from '../kit/plate';

type ZjRaw = Record<string, unknown>;

/** The waybill fields of 浙里急's 2026 release (additions-v1.1.md); absent in records written before it. */

function members(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new LegacyDataInvalidError('ry is not a list');
  return v;
}

function member(v: unknown, i: number): ZjRaw {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LegacyDataInvalidError(`ry[${i}] is not an object`);
  return v as ZjRaw;
}

/** The consignor is a party like the origin and destination, read by `mapParty`. */
export function mapTransport(r: ZjRaw, mapParty: (v: unknown, field: string) => WaybillPartyRecord): WaybillTransportFields {
  const trailer = personalText(r.gcph, 'gcph');
  return {
    consignor: r.tyr === undefined || r.tyr === null ? null : mapParty(r.tyr, 'tyr'),
    trailerPlate: trailer === null ? null : normaliseTrailerPlate(trailer),
    tankNumber: personalText(r.gtbh, 'gtbh'),
    transportPermit: personalText(r.yszh, 'yszh'),
    crew: crewOrNull(
      members(r.ry).map((v, i) => {
        const m = member(v, i);
        return crewMember(decodeCrewRole('ZJ', m.js as string), { name: m.xm, certificate: m.zgzh, phone: m.dh }, `ry[${i}]`);
      }),
    ),
    emergencyPhone: personalText(r.yjdh, 'yjdh'),
  };
}
