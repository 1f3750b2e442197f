import { chemicalSafety, enterpriseSafety } from './render-safety';
import { creditCheckChar } from '../dataset/credit-code';
import { SH_CAPABILITY, SH_EVENT, SH_FORCE_TYPE, SH_HAZARD_GRADE, SH_LEVEL, SH_MESSAGE_TYPE, SH_WAYBILL_STATUS, shBaseLevel, shHazardClass } from './codes';
import {
  parseGlobalId,
  type GeoPoint,
  type HazmatEnterpriseRecord,
  type RescueBaseRecord,
  type TrackPointRecord,
  type WarningRecord,
  type WaybillRecord,
} from '../../schema/model';
import type { Defect } from '../dataset/types';
import type { SimCollection, StoredRecord } from '../common/store';
import { hasQuirk } from './quirks';
import { renderTransport, withDot } from './render-transport';

/**
 * Canonical records in Shanghai's own JSON (legacy-apis/shanghai.md): field names, Chinese code
 * names, ISO-8601 with +08:00, WGS-84 (the contract's datum, so positions pass unchanged and exact),
 * plus the documented quirks and, for the records the system holds broken, their defect.
 */

export type ShJson = Record<string, unknown>;

const ABOLISHED_ZHABEI = '310108';
const JINGAN = '310106';

function location(sourceId: string, p: GeoPoint | null): { lng: number; lat: number } | null {
  if (p === null) return hasQuirk(sourceId, 'ZERO_LOCATION') ? { lng: 0, lat: 0 } : null;
  return { lng: p.lng, lat: p.lat };
}

/** Exact: a JavaScript number's shortest string reads back as the same number. */
function maybeString(sourceId: string, n: number): number | string {
  return hasQuirk(sourceId, 'STRING_NUMBERS') ? String(n) : n;
}

export function renderWarning(w: WarningRecord): ShJson {
  const abolished = hasQuirk(w.sourceId, 'ABOLISHED_DISTRICT');
  const out: ShJson = {
    id: w.sourceId,
    type: SH_EVENT[w.event],
    color: SH_LEVEL[w.level],
    msgType: SH_MESSAGE_TYPE[w.messageType],
  };
  if (w.supersedesId !== null) out.refId = parseGlobalId(w.supersedesId)?.sourceId ?? w.supersedesId;
  Object.assign(out, {
    title: w.headline,
    content: w.description,
    guide: w.instruction,
    publisher: w.issuer,
    publishTime: w.issuedAt,
    effectiveTime: w.effectiveAt,
    expireTime: w.expiresAt,
    districts: w.areaCodes.map((c) => (abolished && c === JINGAN ? ABOLISHED_ZHABEI : c)),
    updatedAt: w.updatedAt,
  });
  return out;
}

export function renderEnterprise(e: HazmatEnterpriseRecord): ShJson {
  return {
    id: e.sourceId,
    name: e.name,
    creditCode: e.creditCode,
    districtCode: e.divisionCode,
    location: location(e.sourceId, e.location),
    hazardLevel: e.majorHazardGrade === null ? null : SH_HAZARD_GRADE[e.majorHazardGrade],
    chemicals: e.chemicals.map((c) => ({
      unNo: c.unNumber,
      name: c.name,
      cls: shHazardClass(c.hazardClass),
      reserveTon: maybeString(e.sourceId, c.tonnes),
      ...chemicalSafety(e, c),
    })),
    contactPhone: e.contactPhone,
    ...enterpriseSafety(e),
    updatedAt: e.updatedAt,
  };
}

export function renderWaybill(w: WaybillRecord): ShJson {
  return {
    waybillNo: w.number,
    plate: hasQuirk(w.sourceId, 'PLATE_DOT') ? withDot(w.plate) : w.plate,
    carrierCreditCode: w.carrierCreditCode,
    origin: { name: w.origin.name, creditCode: w.origin.creditCode, districtCode: w.origin.divisionCode },
    dest: { name: w.destination.name, creditCode: w.destination.creditCode, districtCode: w.destination.divisionCode },
    goods: w.goods.map((g) => ({
      unNo: g.unNumber,
      name: g.name,
      cls: shHazardClass(g.hazardClass),
      pg: g.packingGroup,
      kg: maybeString(w.sourceId, g.kilograms),
    })),
    departTime: w.departedAt,
    status: SH_WAYBILL_STATUS[w.status],
    updatedAt: w.updatedAt,
    ...renderTransport(w),
  };
}

export function renderBase(b: RescueBaseRecord): ShJson {
  return {
    id: b.sourceId,
    name: b.name,
    level: shBaseLevel(b.level),
    creditCode: b.creditCode,
    districtCode: b.divisionCode,
    location: location(b.sourceId, b.location),
    capabilities: b.capabilities.map((c) => SH_CAPABILITY[c]),
    teams: b.teams.map((t) => ({
      id: t.sourceId,
      name: t.name,
      members: t.members,
      specialty: t.specialty === null ? null : SH_CAPABILITY[t.specialty],
      ...(t.forceType ? { forceType: SH_FORCE_TYPE[t.forceType] } : {}),
    })),
    materials: b.materials.map((m) => ({ code: m.code, name: m.name, qty: m.quantity, unit: m.unit })),
    onDuty: b.onDuty,
    phone: b.dutyPhone,
    updatedAt: b.updatedAt,
  };
}

export function renderTrackPoint(p: TrackPointRecord): ShJson {
  return { lng: p.location.lng, lat: p.location.lat, ts: p.at, speed: p.speedKmh };
}

/** The field each defect breaks, per collection. */
const DEFECT_FIELD: Readonly<Record<SimCollection, Readonly<Partial<Record<Defect, string>>>>> = {
  warnings: { UNKNOWN_CODE: 'type', MISSING_FIELD: 'title', UNPARSEABLE_TIME: 'publishTime' },
  enterprises: { INVALID_CREDIT_CODE: 'creditCode', UNKNOWN_CODE: 'hazardLevel', MISSING_FIELD: 'name', UNPARSEABLE_TIME: 'updatedAt' },
  waybills: { INVALID_CREDIT_CODE: 'carrierCreditCode', UNKNOWN_CODE: 'status', MISSING_FIELD: 'plate', UNPARSEABLE_TIME: 'updatedAt' },
  bases: { INVALID_CREDIT_CODE: 'creditCode', UNKNOWN_CODE: 'level', MISSING_FIELD: 'name', UNPARSEABLE_TIME: 'updatedAt' },
};

/** Codes that none of Shanghai's tables hold. */
const UNKNOWN_CODES: Readonly<Record<SimCollection, string>> = {
  warnings: '沙尘暴',
  enterprises: '五级',
  waybills: '已扣押',
  bases: '乡镇级',
};

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The same code with a check character that is not the right one. */
export function withWrongCheckCharacter(code: string): string {
  const first17 = code.slice(0, 17);
  const right = /^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17) ? creditCheckChar(first17) : code[17];
  const wrong = ALPHABET[(ALPHABET.indexOf(right) + 7) % ALPHABET.length];
  return first17 + wrong;
}

/** A registration of Shanghai's that no authority issued, for a record that has no code to break. */
function inventedInvalidCode(sourceId: string): string {
  const digits = [...sourceId].map((c) => c.charCodeAt(0) % 10).join('').padStart(10, '0').slice(-10);
  return withWrongCheckCharacter(`5231000${digits}0`);
}

/**
 * A time the ISO-8601 format cannot hold: hour 25, minute 61 of the record's own day (hour 24 would
 * still be readable as the end of the day).
 */
function unparseable(iso: unknown): string {
  const text = typeof iso === 'string' ? iso : '2026-07-12T08:30:00+08:00';
  return text.replace(/T\d{2}:\d{2}/, 'T25:61');
}

export function corrupt(collection: SimCollection, json: ShJson, defect: Defect, sourceId: string): ShJson {
  const out = { ...json };
  const field = DEFECT_FIELD[collection][defect];
  if (field === undefined) throw new RangeError(`${collection} records cannot carry ${defect}`);
  switch (defect) {
    case 'INVALID_CREDIT_CODE': {
      const code = out[field];
      out[field] = typeof code === 'string' && code.length === 18 ? withWrongCheckCharacter(code) : inventedInvalidCode(sourceId);
      break;
    }
    case 'UNKNOWN_CODE':
      out[field] = UNKNOWN_CODES[collection];
      break;
    case 'MISSING_FIELD':
      delete out[field];
      break;
    case 'UNPARSEABLE_TIME':
      out[field] = unparseable(out[field]);
      break;
  }
  return out;
}

const RENDER: { [C in SimCollection]: (r: StoredRecord<C>['record']) => ShJson } = {
  warnings: renderWarning,
  enterprises: renderEnterprise,
  waybills: renderWaybill,
  bases: renderBase,
};

/** A stored record as the system answers it: rendered, then broken as its defect says. */
export function renderStored<C extends SimCollection>(collection: C, stored: StoredRecord<C>): ShJson {
  const json = (RENDER[collection] as (r: StoredRecord<C>['record']) => ShJson)(stored.record);
  return stored.defect === null ? json : corrupt(collection, json, stored.defect, stored.record.sourceId);
}
