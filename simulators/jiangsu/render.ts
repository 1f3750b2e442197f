import { createHash } from 'node:crypto';
import type {
  GeoPoint,
  HazmatEnterpriseRecord,
  RescueBaseRecord,
  TrackPointRecord,
  WarningRecord,
  WaybillRecord,
} from '../../schema/model';
import { parseGlobalId } from '../../schema/model';
import { corruptCreditCode, creditCheckChar } from '../dataset/credit-code';
import type { Defect } from '../dataset/types';
import type { SimCollection, StoredRecord } from '../common/store';
import { BASE_LEVEL, CAPABILITY, FORCE_TYPE, HAZARD_GRADE, hazardClassCode, jsTime, MSG_TYPE, toGcj02, WARN_LEVEL, WARN_TYPE, WAYBILL_STATUS } from './codes';
import { chemicalSafety, enterpriseSafety } from './render-safety';
import { transportElements } from './render-transport';
import { serialiseRow, type XmlRow } from './xml';

/**
 * Canonical records in jsyj's rows: its field names, code tables, yyyyMMddHHmmss Beijing time and
 * GCJ-02 with six decimals. Six decimals of a degree are about 0.1 m, so a position survives the
 * round trip through GCJ-02 within 1 m.
 */

/** A stable share in [0, 1) of records, by source id, for the document's occasional quirks. */
export function quirkShare(quirk: string, sourceId: string): number {
  return createHash('sha256').update(`${quirk}|${sourceId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Sites never geocoded: most rows leave LNG/LAT empty, some carry the document's 0.000000. */
export const ZERO_COORDINATE_SHARE = 0.5;

function coordinates(sourceId: string, location: GeoPoint | null): { LNG: string | null; LAT: string | null } {
  if (location === null) {
    return quirkShare('zero-coordinates', sourceId) < ZERO_COORDINATE_SHARE ? { LNG: '0.000000', LAT: '0.000000' } : { LNG: null, LAT: null };
  }
  const g = toGcj02(location);
  return { LNG: g.lng.toFixed(6), LAT: g.lat.toFixed(6) };
}

/** Fixed decimals when they hold the value exactly (CL is written `20.000`), the shortest exact form otherwise. */
function decimal(n: number, places: number): string {
  const fixed = n.toFixed(places);
  return Number(fixed) === n ? fixed : String(n);
}

const legacyId = (globalIdOrNull: string | null): string | null => (globalIdOrNull === null ? null : parseGlobalId(globalIdOrNull)?.sourceId ?? globalIdOrNull);

export function warningRow(w: WarningRecord): XmlRow {
  return {
    WARN_ID: w.sourceId,
    WARN_TYPE: WARN_TYPE[w.event],
    WARN_LEVEL: WARN_LEVEL[w.level],
    TITLE: w.headline,
    CONTENT: w.description,
    DEFENSE_GUIDE: w.instruction,
    ISSUE_ORG: w.issuer,
    ISSUE_TIME: jsTime(w.issuedAt),
    START_TIME: jsTime(w.effectiveAt),
    END_TIME: w.expiresAt === null ? null : jsTime(w.expiresAt),
    AREA_CODES: w.areaCodes.join(','),
    MSG_TYPE: MSG_TYPE[w.messageType],
    REF_WARN_ID: legacyId(w.supersedesId),
    UPDATE_TIME: jsTime(w.updatedAt),
  };
}

export function enterpriseRow(e: HazmatEnterpriseRecord): XmlRow {
  return {
    QY_ID: e.sourceId,
    QY_MC: e.name,
    TYSHXYDM: e.creditCode,
    XZQH_DM: e.divisionCode,
    ...coordinates(e.sourceId, e.location),
    ZDWXY_DJ: e.majorHazardGrade === null ? null : HAZARD_GRADE[e.majorHazardGrade],
    CHEMICALS: {
      children: e.chemicals.map((c) =>
        serialiseRow({ UN_NO: c.unNumber, HXP_MC: c.name, WXX_LB: hazardClassCode(c.hazardClass), CL: decimal(c.tonnes, 3), ...chemicalSafety(e, c) }, 'CHEMICAL'),
      ),
    },
    LXDH: e.contactPhone,
    ...enterpriseSafety(e),
    UPDATE_TIME: jsTime(e.updatedAt),
  };
}

export function waybillRow(w: WaybillRecord): XmlRow {
  return {
    YD_BH: w.number,
    CPH: w.plate,
    CYR_TYSHXYDM: w.carrierCreditCode,
    QYD_MC: w.origin.name,
    QYD_TYSHXYDM: w.origin.creditCode,
    QYD_XZQH: w.origin.divisionCode,
    MDD_MC: w.destination.name,
    MDD_TYSHXYDM: w.destination.creditCode,
    MDD_XZQH: w.destination.divisionCode,
    HWS: {
      children: w.goods.map((g) =>
        serialiseRow(
          { UN_NO: g.unNumber, MC: g.name, LB: hazardClassCode(g.hazardClass), BZLB: g.packingGroup, ZL_KG: String(g.kilograms) },
          'HW',
        ),
      ),
    },
    FCSJ: w.departedAt === null ? null : jsTime(w.departedAt),
    ZT: WAYBILL_STATUS[w.status],
    UPDATE_TIME: jsTime(w.updatedAt),
    ...transportElements(w),
  };
}

export function baseRow(b: RescueBaseRecord): XmlRow {
  return {
    JD_ID: b.sourceId,
    JD_MC: b.name,
    JB: BASE_LEVEL[b.level],
    TYSHXYDM: b.creditCode,
    XZQH_DM: b.divisionCode,
    ...coordinates(b.sourceId, b.location),
    NL: b.capabilities.map((c) => CAPABILITY[c]).join(','),
    DWS: {
      children: b.teams.map((t) =>
        serialiseRow({ DW_ID: t.sourceId, DW_MC: t.name, RS: String(t.members), ZY: t.specialty === null ? null : CAPABILITY[t.specialty], ...(t.forceType ? { LLLX: FORCE_TYPE[t.forceType] } : {}) }, 'DW'),
      ),
    },
    WZS: {
      children: b.materials.map((m) => serialiseRow({ WZ_BM: m.code, WZ_MC: m.name, SL: String(m.quantity), JLDW: m.unit }, 'WZ')),
    },
    ZB_ZT: b.onDuty ? '1' : '0',
    LXDH: b.dutyPhone,
    UPDATE_TIME: jsTime(b.updatedAt),
  };
}

export function trackRow(p: TrackPointRecord): XmlRow {
  const g = toGcj02(p.location);
  return {
    CPH: p.plate,
    LNG: g.lng.toFixed(6),
    LAT: g.lat.toFixed(6),
    GPS_TIME: jsTime(p.at),
    SPEED: p.speedKmh === null ? null : String(p.speedKmh),
  };
}

/** A credit code with a wrong check character; one is made up where the record has none to corrupt. */
function invalidCreditCode(code: string | null): string {
  if (code !== null) return corruptCreditCode(code);
  const first17 = '91320000MA1XXXXX0'.replace(/X/g, '1');
  return corruptCreditCode(first17 + creditCheckChar(first17));
}

/** "A time the format cannot hold": hour 24, minute 60 of the right day. */
const impossibleTime = (row: XmlRow, field: string): string => `${String(row[field]).slice(0, 8)}246000`;

type Corruption = (row: XmlRow) => void;

// A warning carries no credit code, so the data set never gives one that defect.
const CORRUPTIONS: Record<SimCollection, Partial<Record<Defect, Corruption>>> = {
  warnings: {
    UNKNOWN_CODE: (r) => void (r.WARN_TYPE = '99'),
    MISSING_FIELD: (r) => void delete r.WARN_LEVEL,
    UNPARSEABLE_TIME: (r) => void (r.ISSUE_TIME = impossibleTime(r, 'ISSUE_TIME')),
  },
  enterprises: {
    INVALID_CREDIT_CODE: (r) => void (r.TYSHXYDM = invalidCreditCode(r.TYSHXYDM as string)),
    UNKNOWN_CODE: (r) => void (r.ZDWXY_DJ = '9'),
    MISSING_FIELD: (r) => void delete r.QY_MC,
    UNPARSEABLE_TIME: (r) => void (r.UPDATE_TIME = impossibleTime(r, 'UPDATE_TIME')),
  },
  waybills: {
    INVALID_CREDIT_CODE: (r) => {
      const field = ['CYR_TYSHXYDM', 'QYD_TYSHXYDM', 'MDD_TYSHXYDM'].find((f) => r[f] !== null) ?? 'CYR_TYSHXYDM';
      r[field] = invalidCreditCode(r[field] as string | null);
    },
    UNKNOWN_CODE: (r) => void (r.ZT = '7'),
    MISSING_FIELD: (r) => void (r.CPH = null),
    UNPARSEABLE_TIME: (r) => void (r.UPDATE_TIME = impossibleTime(r, 'UPDATE_TIME')),
  },
  bases: {
    INVALID_CREDIT_CODE: (r) => void (r.TYSHXYDM = invalidCreditCode(r.TYSHXYDM as string | null)),
    UNKNOWN_CODE: (r) => void (r.NL = [r.NL, 'QT'].filter((c) => c).join(',')),
    MISSING_FIELD: (r) => void (r.JD_MC = null),
    UNPARSEABLE_TIME: (r) => void (r.UPDATE_TIME = impossibleTime(r, 'UPDATE_TIME')),
  },
};

const RENDERERS: { [C in SimCollection]: (r: StoredRecord<C>['record']) => XmlRow } = {
  warnings: warningRow,
  enterprises: enterpriseRow,
  waybills: waybillRow,
  bases: baseRow,
};

/** A stored record as jsyj writes it: a defective one corrupted as its defect says. */
export function renderStored<C extends SimCollection>(collection: C, stored: StoredRecord<C>): XmlRow {
  const row = (RENDERERS[collection] as (r: StoredRecord<C>['record']) => XmlRow)(stored.record);
  if (stored.defect !== null) {
    const corrupt = CORRUPTIONS[collection][stored.defect];
    if (!corrupt) throw new Error(`jsyj cannot render a ${collection} record with defect ${stored.defect}`);
    corrupt(row);
  }
  return row;
}
