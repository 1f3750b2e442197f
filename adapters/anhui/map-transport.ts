import type { CrewMemberRecord, WaybillTransportFields } from '../../schema/model';
import { crewMember, crewOrNull, decodeCrewRole } from '../kit/crew';
import { LegacyDataInvalidError } from '../kit/errors';
import { normaliseTrailerPlate } from '../kit/plate';
import { optional, optionalAdcode, optionalCreditCode, type AhRow } from './fields';

/**
 * The waybill fields of ahyj's 2026 release (additions-v1.1.md); absent in records written before
 * it, empty strings for what is not recorded. RYXX packs the crew: members by `;`, fields by `|`
 * (role, name, certificate, phone). A malformed pack is reported by position only: it holds
 * certificates and phones, which no reason may quote.
 */

function crew(packed: string | null): CrewMemberRecord[] {
  if (packed === null) return [];
  return packed
    .split(';')
    .filter((entry) => entry.trim() !== '')
    .map((entry, i) => {
      const fields = entry.split('|');
      if (fields.length !== 4) throw new LegacyDataInvalidError(`RYXX: member ${i + 1} has ${fields.length} fields, expected 4`);
      const [role, name, certificate, phone] = fields;
      return crewMember(decodeCrewRole('AH', role), { name, certificate, phone }, `RYXX member ${i + 1}`);
    });
}

export function mapTransport(row: AhRow): WaybillTransportFields {
  const consignorName = optional(row, 'TYRMC');
  const trailer = optional(row, 'GCHM');
  return {
    consignor: consignorName === null ? null : { name: consignorName, creditCode: optionalCreditCode(row, 'TYR_TYXYDM'), divisionCode: optionalAdcode(row, 'TYR_XZQH') },
    trailerPlate: trailer === null ? null : normaliseTrailerPlate(trailer),
    tankNumber: optional(row, 'GTBH'),
    transportPermit: optional(row, 'YSZH'),
    crew: crewOrNull(crew(optional(row, 'RYXX'))),
    emergencyPhone: optional(row, 'YJDH'),
  };
}
