import gcoord from 'gcoord';
import { chemicalSafety, enterpriseSafety } from './render-safety';
import { parseGlobalId, type GeoPoint, type HazmatEnterpriseRecord, type RescueBaseRecord, type TrackPointRecord, type WarningRecord, type WaybillRecord } from '../../schema/model';
import type { StoredRecord } from '../common/store';
import { corruptCreditCode, creditCheckChar } from '../dataset/credit-code';
import type { Defect } from '../dataset/types';
import { hazardClassCode, JB, LLLX, NL, UNKNOWN, wxydj, YJJB, YJLX, ZT } from './codes';
import { formatMass, hasQuirk, qhdmAsWritten, unitSpellingFor } from './quirks';
import { renderTransport } from './render-transport';

/** Records as 浙里急 writes them: pinyin-initial fields, epoch milliseconds, BD-09, quantities with units. */

export type ZjObject = Record<string, unknown>;

const ms = (iso: string): number => Date.parse(iso);
const msOrNull = (iso: string | null): number | null => (iso === null ? null : ms(iso));

/**
 * WGS-84 to BD-09 with six decimals (about 0.1 m): after the way back to WGS-84 a position is
 * within 0.3 m of the canonical one, inside the 1 m the contract allows.
 */
export function toBd09(p: GeoPoint): { bdLng: number; bdLat: number } {
  const [lng, lat] = gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.BD09);
  return { bdLng: round6(lng), bdLat: round6(lat) };
}

export function fromBd09(bdLng: number, bdLat: number): GeoPoint {
  const [lng, lat] = gcoord.transform<[number, number]>([bdLng, bdLat], gcoord.BD09, gcoord.WGS84);
  return { lng: round6(lng), lat: round6(lat) };
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** A site never geocoded: some rows hold 0,0, others nothing. */
function position(p: GeoPoint | null, sourceId: string): { bdLng: number | null; bdLat: number | null } {
  if (p) return toBd09(p);
  return hasQuirk(sourceId, 'no-position-zero', 0.5) ? { bdLng: 0, bdLat: 0 } : { bdLng: null, bdLat: null };
}

const legacyIdOf = (globalId: string | null): string | null => (globalId === null ? null : (parseGlobalId(globalId)?.sourceId ?? globalId));

export function renderWarning(r: WarningRecord): ZjObject {
  return {
    yjid: r.sourceId,
    yjlx: YJLX[r.event],
    yjjb: YJJB[r.level],
    xxlx: r.messageType,
    glyjid: legacyIdOf(r.supersedesId),
    bt: r.headline,
    nr: r.description,
    fyzn: r.instruction,
    fbdw: r.issuer,
    fbsj: ms(r.issuedAt),
    sxsj: ms(r.effectiveAt),
    jssj: msOrNull(r.expiresAt),
    qhdm: r.areaCodes.map((code, i) => qhdmAsWritten(code, `${r.sourceId}#${i}`)),
    gxsj: ms(r.updatedAt),
  };
}

export function renderEnterprise(r: HazmatEnterpriseRecord): ZjObject {
  return {
    qyid: r.sourceId,
    qymc: r.name,
    xydm: r.creditCode,
    qhdm: qhdmAsWritten(r.divisionCode, r.sourceId),
    ...position(r.location, r.sourceId),
    wxydj: wxydj(r.majorHazardGrade),
    hxp: r.chemicals.map((c, i) => ({
      un: c.unNumber,
      mc: c.name,
      lb: hazardClassCode(c.hazardClass),
      cl: formatMass(c.tonnes * 1000, unitSpellingFor(`${r.sourceId}#${i}`)),
      ...chemicalSafety(r, c),
    })),
    lxdh: r.contactPhone,
    ...enterpriseSafety(r),
    gxsj: ms(r.updatedAt),
  };
}

export function renderWaybill(r: WaybillRecord): ZjObject {
  const party = (p: WaybillRecord['origin'], key: string): ZjObject => ({
    mc: p.name,
    xydm: p.creditCode,
    qhdm: p.divisionCode === null ? null : qhdmAsWritten(p.divisionCode, key),
  });
  return {
    ydh: r.number,
    cph: r.plate,
    cyrxydm: r.carrierCreditCode,
    qyd: party(r.origin, `${r.sourceId}/qyd`),
    mdd: party(r.destination, `${r.sourceId}/mdd`),
    hw: r.goods.map((g, i) => ({
      un: g.unNumber,
      mc: g.name,
      lb: hazardClassCode(g.hazardClass),
      bzlb: g.packingGroup,
      zl: formatMass(g.kilograms, unitSpellingFor(`${r.sourceId}#${i}`)),
    })),
    fcsj: msOrNull(r.departedAt),
    zt: ZT[r.status],
    gxsj: ms(r.updatedAt),
    ...renderTransport(r),
  };
}

export function renderBase(r: RescueBaseRecord): ZjObject {
  return {
    jdid: r.sourceId,
    jdmc: r.name,
    jb: JB[r.level],
    xydm: r.creditCode,
    qhdm: qhdmAsWritten(r.divisionCode, r.sourceId),
    ...position(r.location, r.sourceId),
    nl: r.capabilities.map((c) => NL[c]),
    dw: r.teams.map((t) => ({ dwid: t.sourceId, dwmc: t.name, rs: t.members, zy: t.specialty === null ? null : NL[t.specialty], ...(t.forceType ? { lllx: LLLX[t.forceType] } : {}) })),
    wz: r.materials.map((m) => ({ bm: m.code, mc: m.name, sl: m.quantity, dw: m.unit })),
    zbzt: r.onDuty ? 'ON' : 'OFF',
    lxdh: r.dutyPhone,
    gxsj: ms(r.updatedAt),
  };
}

/** One `gj` entry: [bdLng, bdLat, epochMs, speedKmh]. */
export function renderTrackPoint(p: TrackPointRecord): [number, number, number, number | null] {
  const { bdLng, bdLat } = toBd09(p.location);
  return [bdLng, bdLat, ms(p.at), p.speedKmh];
}

/** What MySQL-backed systems write for a time they lost: not epoch milliseconds at all. */
const LOST_TIME = '0000-00-00 00:00:00';
/** The code with a wrong check character; a record without one gets a made-up code that is wrong the same way. */
function wrongCheck(code: string | null): string {
  const body = (code ?? '913300000000000000').slice(0, 17);
  return corruptCreditCode(body + creditCheckChar(body));
}

type Collection = 'warnings' | 'enterprises' | 'waybills' | 'bases';

/** Breaks a rendered record as its defect says; the adapter must report it, not map it. */
function corrupt(collection: Collection, o: ZjObject, defect: Defect): ZjObject {
  switch (defect) {
    case 'INVALID_CREDIT_CODE':
      if (collection === 'waybills') {
        if (o.cyrxydm !== null) return { ...o, cyrxydm: wrongCheck(o.cyrxydm as string) };
        const qyd = o.qyd as ZjObject;
        return { ...o, qyd: { ...qyd, xydm: wrongCheck(qyd.xydm as string | null) } };
      }
      return { ...o, xydm: wrongCheck(o.xydm as string | null) };
    case 'UNKNOWN_CODE':
      if (collection === 'warnings') return { ...o, yjlx: UNKNOWN.yjlx };
      if (collection === 'bases') return { ...o, jb: UNKNOWN.jb };
      if (collection === 'waybills') return { ...o, zt: UNKNOWN.zt };
      return { ...o, wxydj: UNKNOWN.wxydj };
    case 'MISSING_FIELD': {
      const field = { warnings: 'bt', enterprises: 'qymc', waybills: 'cph', bases: 'jdmc' }[collection];
      const { [field]: _dropped, ...rest } = o;
      return collection === 'enterprises' ? { ...rest, [field]: '' } : rest;
    }
    case 'UNPARSEABLE_TIME':
      if (collection === 'warnings') return { ...o, fbsj: LOST_TIME };
      if (collection === 'waybills' && o.fcsj !== null) return { ...o, fcsj: LOST_TIME };
      return { ...o, gxsj: LOST_TIME };
  }
}

const RENDERERS = {
  warnings: renderWarning,
  enterprises: renderEnterprise,
  waybills: renderWaybill,
  bases: renderBase,
} as const;

/** The stored record as the system serves it: rendered, then corrupted when it holds a defect. */
export function renderStored<C extends Collection>(collection: C, stored: StoredRecord<C>): ZjObject {
  const render = RENDERERS[collection] as (r: StoredRecord<C>['record']) => ZjObject;
  const o = render(stored.record);
  return stored.defect ? corrupt(collection, o, stored.defect) : o;
}
