import {
  globalId,
  type ChemicalHolding,
  type DangerousGoods,
  type GeoPoint,
  type HazmatEnterpriseRecord,
  type IsoDateTime,
  type MaterialStock,
  type RescueBaseRecord,
  type RescueTeamRecord,
  type TrackPointRecord,
  type WarningRecord,
  type WaybillPartyRecord,
  type WaybillRecord,
} from '../../schema/model';
import { normaliseAdcode } from '../kit/adcodes';
import { fromEpochMs } from '../kit/beijing-time';
import {
  decodeBaseLevel,
  decodeCapability,
  decodeHazardClass,
  decodeMajorHazardGrade,
  decodeMessageType,
  decodeOnDuty,
  decodePackingGroup,
  decodeWaybillStatus,
} from '../kit/code-tables';
import { decodeSignal } from '../kit/warning-signal';
import { forceTypeOf } from '../kit/force-types';
import { bd09ToWgs84, validLocation } from '../kit/coordinates';
import { normaliseCreditCode } from '../kit/credit-code';
import { holdingsOf, type HoldingSafety } from '../kit/enterprise-safety';
import { LegacyDataInvalidError } from '../kit/errors';
import { normalisePlate } from '../kit/plate';
import { parseKilograms, parseNumber, parseTonnes } from '../kit/units';
import { enterpriseSafety, holdingSafety } from './map-safety';
import { mapTransport } from './map-transport';

/** 浙里急 records (pinyin-initial JSON) to contract records; each throws LegacyDataInvalidError for what it cannot map. */

export type ZjRaw = Record<string, unknown>;

const P = 'ZJ' as const;

function fail(reason: string): never {
  throw new LegacyDataInvalidError(reason);
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

function requiredText(v: unknown, field: string): string {
  if (v === null || v === undefined) return fail(`missing ${field}`);
  if (typeof v !== 'string' && typeof v !== 'number') return fail(`invalid ${field} ${show(v)}`);
  const text = String(v);
  return text.trim() === '' ? fail(`empty ${field}`) : text;
}

function optionalText(v: unknown, field: string): string | null {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  return requiredText(v, field);
}

function list(v: unknown, field: string): unknown[] {
  if (v === null || v === undefined) return fail(`missing ${field}`);
  return Array.isArray(v) ? v : fail(`${field} is not a list`);
}

function object(v: unknown, field: string): ZjRaw {
  if (v === null || v === undefined) return fail(`missing ${field}`);
  return typeof v === 'object' && !Array.isArray(v) ? (v as ZjRaw) : fail(`${field} is not an object`);
}

/** 1990-01-01 to 2100-01-01: epoch milliseconds outside this are not times of these systems. */
const EPOCH_RANGE = [631_152_000_000, 4_102_444_800_000] as const;

/** Epoch milliseconds (a number, or digits in a string) as ISO-8601 Beijing time. */
export function zjTime(v: unknown, field: string): IsoDateTime {
  if (v === null || v === undefined) return fail(`missing ${field}`);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < EPOCH_RANGE[0] || n > EPOCH_RANGE[1]) return fail(`unparseable ${field} ${show(v)}: not epoch milliseconds`);
  return fromEpochMs(n);
}

function optionalTime(v: unknown, field: string): IsoDateTime | null {
  return v === null || v === undefined || v === '' ? null : zjTime(v, field);
}

/** BD-09 `bdLng`/`bdLat` as WGS-84; null for a missing position, 0,0, or one outside China. */
export function zjLocation(bdLng: unknown, bdLat: unknown): GeoPoint | null {
  const blank = (v: unknown): boolean => v === null || v === undefined || v === '';
  if (blank(bdLng) || blank(bdLat)) return null;
  const raw = validLocation({ lng: parseNumber(bdLng as string | number, 'bdLng'), lat: parseNumber(bdLat as string | number, 'bdLat') });
  return raw === null ? null : validLocation(bd09ToWgs84(raw));
}

function creditCode(v: unknown, field: string): string {
  return normaliseCreditCode(requiredText(v, field));
}

function optionalCreditCode(v: unknown, field: string): string | null {
  const text = optionalText(v, field);
  return text === null ? null : normaliseCreditCode(text);
}

function adcode(v: unknown, field: string): string {
  return normaliseAdcode(requiredText(v, field));
}

function unNumber(v: unknown, field: string): string {
  const un = requiredText(v, field).trim();
  return /^\d{4}$/.test(un) ? un : fail(`invalid ${field} "${un}": not a four-digit UN number`);
}

function integer(v: unknown, field: string): number {
  const n = parseNumber(v as string | number, field);
  return Number.isInteger(n) && n >= 0 ? n : fail(`invalid ${field} ${show(v)}: not a whole number`);
}

export const zjSourceId = {
  warnings: (r: ZjRaw): string => String(r.yjid),
  enterprises: (r: ZjRaw): string => String(r.qyid),
  waybills: (r: ZjRaw): string => String(r.ydh),
  bases: (r: ZjRaw): string => String(r.jdid),
};

export function mapWarning(r: ZjRaw): WarningRecord {
  const sourceId = requiredText(r.yjid, 'yjid').trim();
  const messageType = decodeMessageType(P, r.xxlx as string);
  const referenced = optionalText(r.glyjid, 'glyjid');
  if (messageType !== 'ALERT' && referenced === null) fail(`${messageType} without glyjid`);
  const areaCodes = list(r.qhdm, 'qhdm').map((c, i) => adcode(c, `qhdm[${i}]`));
  if (areaCodes.length === 0) fail('qhdm is empty');
  return {
    id: globalId(P, 'Warning', sourceId),
    province: P,
    sourceId,
    ...decodeSignal(P, r.yjlx as string, r.yjjb as number),
    messageType,
    supersedesId: messageType === 'ALERT' || referenced === null ? null : globalId(P, 'Warning', referenced.trim()),
    headline: requiredText(r.bt, 'bt'),
    description: requiredText(r.nr, 'nr'),
    instruction: optionalText(r.fyzn, 'fyzn'),
    issuer: requiredText(r.fbdw, 'fbdw'),
    issuedAt: zjTime(r.fbsj, 'fbsj'),
    effectiveAt: zjTime(r.sxsj, 'sxsj'),
    expiresAt: optionalTime(r.jssj, 'jssj'),
    areaCodes: [...new Set(areaCodes)],
    updatedAt: zjTime(r.gxsj, 'gxsj'),
  };
}

function mapChemical(v: unknown, i: number): Omit<ChemicalHolding, 'casNumber'> & HoldingSafety {
  const c = object(v, `hxp[${i}]`);
  return {
    ...holdingSafety(c, `hxp[${i}]`),
    unNumber: unNumber(c.un, `hxp[${i}].un`),
    name: requiredText(c.mc, `hxp[${i}].mc`),
    hazardClass: decodeHazardClass(c.lb as string),
    tonnes: parseTonnes(requiredText(c.cl, `hxp[${i}].cl`), `hxp[${i}].cl`),
  };
}

export function mapEnterprise(r: ZjRaw): HazmatEnterpriseRecord {
  const sourceId = requiredText(r.qyid, 'qyid').trim();
  return {
    id: globalId(P, 'HazmatEnterprise', sourceId),
    province: P,
    sourceId,
    creditCode: creditCode(r.xydm, 'xydm'),
    name: requiredText(r.qymc, 'qymc'),
    divisionCode: adcode(r.qhdm, 'qhdm'),
    location: zjLocation(r.bdLng, r.bdLat),
    majorHazardGrade: decodeMajorHazardGrade(P, r.wxydj as number),
    ...holdingsOf(list(r.hxp, 'hxp').map(mapChemical)),
    contactPhone: optionalText(r.lxdh, 'lxdh'),
    ...enterpriseSafety(r),
    updatedAt: zjTime(r.gxsj, 'gxsj'),
  };
}

export function mapParty(v: unknown, field: string): WaybillPartyRecord {
  const p = object(v, field);
  const division = optionalText(p.qhdm, `${field}.qhdm`);
  return {
    name: requiredText(p.mc, `${field}.mc`),
    creditCode: optionalCreditCode(p.xydm, `${field}.xydm`),
    divisionCode: division === null ? null : normaliseAdcode(division),
  };
}

function mapGoods(v: unknown, i: number): DangerousGoods {
  const g = object(v, `hw[${i}]`);
  return {
    unNumber: unNumber(g.un, `hw[${i}].un`),
    name: requiredText(g.mc, `hw[${i}].mc`),
    hazardClass: decodeHazardClass(g.lb as string),
    packingGroup: decodePackingGroup(g.bzlb as string | null),
    kilograms: parseKilograms(requiredText(g.zl, `hw[${i}].zl`), `hw[${i}].zl`),
  };
}

export function mapWaybill(r: ZjRaw): WaybillRecord {
  const number = requiredText(r.ydh, 'ydh').trim();
  return {
    id: globalId(P, 'Waybill', number),
    province: P,
    sourceId: number,
    number,
    status: decodeWaybillStatus(P, r.zt as string),
    plate: normalisePlate(requiredText(r.cph, 'cph')),
    carrierCreditCode: optionalCreditCode(r.cyrxydm, 'cyrxydm'),
    origin: mapParty(r.qyd, 'qyd'),
    destination: mapParty(r.mdd, 'mdd'),
    goods: list(r.hw, 'hw').map(mapGoods),
    departedAt: optionalTime(r.fcsj, 'fcsj'),
    updatedAt: zjTime(r.gxsj, 'gxsj'),
    ...mapTransport(r, mapParty),
  };
}

function mapTeam(v: unknown, i: number): RescueTeamRecord {
  const t = object(v, `dw[${i}]`);
  const sourceId = requiredText(t.dwid, `dw[${i}].dwid`).trim();
  const specialty = optionalText(t.zy, `dw[${i}].zy`);
  return {
    id: globalId(P, 'RescueTeam', sourceId),
    sourceId,
    name: requiredText(t.dwmc, `dw[${i}].dwmc`),
    members: integer(t.rs, `dw[${i}].rs`),
    specialty: specialty === null ? null : decodeCapability(P, specialty),
    ...forceTypeOf(P, t.lllx),
  };
}

function mapMaterial(v: unknown, i: number): MaterialStock {
  const m = object(v, `wz[${i}]`);
  const quantity = parseNumber(m.sl as string | number, `wz[${i}].sl`);
  if (quantity < 0) fail(`negative wz[${i}].sl ${show(m.sl)}`);
  return {
    code: requiredText(m.bm, `wz[${i}].bm`).trim(),
    name: requiredText(m.mc, `wz[${i}].mc`),
    quantity,
    unit: requiredText(m.dw, `wz[${i}].dw`),
  };
}

export function mapBase(r: ZjRaw): RescueBaseRecord {
  const sourceId = requiredText(r.jdid, 'jdid').trim();
  return {
    id: globalId(P, 'RescueBase', sourceId),
    province: P,
    sourceId,
    name: requiredText(r.jdmc, 'jdmc'),
    level: decodeBaseLevel(P, r.jb as string),
    creditCode: optionalCreditCode(r.xydm, 'xydm'),
    divisionCode: adcode(r.qhdm, 'qhdm'),
    location: zjLocation(r.bdLng, r.bdLat),
    capabilities: list(r.nl, 'nl').map((c) => decodeCapability(P, c as string)),
    teams: list(r.dw, 'dw').map(mapTeam),
    materials: list(r.wz, 'wz').map(mapMaterial),
    onDuty: decodeOnDuty(P, r.zbzt as string),
    dutyPhone: optionalText(r.lxdh, 'lxdh'),
    updatedAt: zjTime(r.gxsj, 'gxsj'),
  };
}

/** One `gj` entry [bdLng, bdLat, epochMs, speedKmh] of the plate's track. */
export function mapTrackPoint(plate: string, v: unknown): TrackPointRecord {
  if (!Array.isArray(v) || v.length < 3) return fail(`track point ${show(v)} is not [bdLng, bdLat, epochMs, speedKmh]`);
  const [bdLng, bdLat, at, speed] = v as unknown[];
  const location = zjLocation(bdLng, bdLat);
  if (location === null) return fail(`track point at ${show(at)} has no valid position (${show(bdLng)}, ${show(bdLat)})`);
  return {
    plate,
    at: zjTime(at, 'gj time'),
    location,
    speedKmh: speed === null || speed === undefined || speed === '' ? null : parseNumber(speed as string | number, 'speedKmh'),
    province: P,
  };
}
