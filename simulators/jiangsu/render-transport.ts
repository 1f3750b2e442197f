import type { CrewMemberRecord, CrewRole, WaybillRecord } from '../../schema/model';
import { hasTransportDetails } from '../dataset/waybill-details';
import { quirkShare } from './render';
import type { XmlRow } from './xml';

/**
 * The waybill elements of Jiangsu's 2026 release (additions-v1.1.md): the driver and the escort
 * each in elements of their own, an empty element for what is not recorded. Rows written before
 * the release lack the elements, or (as rows re-saved by the new version without the data) carry
 * them all empty.
 */

const ELEMENTS = ['TYR_MC', 'TYR_TYSHXYDM', 'TYR_XZQH', 'GCH', 'GTBH', 'DLYSZH', 'JSY_XM', 'JSY_ZGZH', 'JSY_DH', 'YYY_XM', 'YYY_ZGZH', 'YYY_DH', 'YJLXDH'] as const;

/** Share of rows from before the release that carry every new element empty. */
export const EMPTY_ELEMENTS_SHARE = 0.5;

function member(crew: readonly CrewMemberRecord[] | null, role: CrewRole, prefix: 'JSY' | 'YYY'): XmlRow {
  const m = crew?.find((c) => c.role === role);
  return { [`${prefix}_XM`]: m?.name ?? null, [`${prefix}_ZGZH`]: m?.qualificationCertificate ?? null, [`${prefix}_DH`]: m?.phone ?? null };
}

export function transportElements(w: WaybillRecord): XmlRow {
  if (!hasTransportDetails(w)) {
    return quirkShare('empty-v1.1-elements', w.sourceId) < EMPTY_ELEMENTS_SHARE ? Object.fromEntries(ELEMENTS.map((e) => [e, null])) : {};
  }
  return {
    TYR_MC: w.consignor?.name ?? null,
    TYR_TYSHXYDM: w.consignor?.creditCode ?? null,
    TYR_XZQH: w.consignor?.divisionCode ?? null,
    GCH: w.trailerPlate,
    GTBH: w.tankNumber,
    DLYSZH: w.transportPermit,
    ...member(w.crew, 'DRIVER', 'JSY'),
    ...member(w.crew, 'ESCORT', 'YYY'),
    YJLXDH: w.emergencyPhone,
  };
}
