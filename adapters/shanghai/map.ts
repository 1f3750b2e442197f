import {
  globalId,
  type DangerousGoods,
  type HazmatEnterpriseRecord,
  type RescueBaseRecord,
  type TrackPointRecord,
  type WarningRecord,
  type WaybillPartyRecord,
  type WaybillRecord,
} from '../../schema/model';
import { normaliseAdcode } from '../kit/adcodes';
import { holdingsOf } from '../kit/enterprise-safety';
import { enterpriseSafety, holdingSafety } from './map-safety';
import {
  decodeBaseLevel,
  decodeCapability,
  decodeHazardClass,
  decodeMajorHazardGrade,
  decodeMessageType,
  decodeMutualAidStatus,
  decodeOnDuty,
  decodePackingGroup,
  decodeWaybillStatus,
} from '../kit/code-tables';
import { decodeSignal } from '../kit/warning-signal';
import { forceTypeOf } from '../kit/force-types';
import { normaliseCreditCode } from '../kit/credit-code';
import { LegacyDataInvalidError } from '../kit/errors';
import { normalisePlate } from '../kit/plate';
import type { MutualAidStatusRecord } from '../kit/province-adapter';
import { parseKilograms, parseTonnes } from '../kit/units';
import { asArray, asObject, integer, number, optionalText, optionalTime, point, text, time } from './fields';
import { mapTransport } from './map-transport';

/** Shanghai's JSON records (legacy-apis/shanghai.md) to contract records; each throws LegacyDataInvalidError for what it cannot read. */

const P = 'SH' as const;

const optionalCreditCode = (v: unknown, what: string): string | null => {
  const code = optionalText(v, what);
  return code === null ? null : normaliseCreditCode(code);
};

const optionalAdcode = (v: unknown, what: string): string | null => {
  const code = optionalText(v, what);
  return code === null ? null : normaliseAdcode(code);
};

/** Abolished codes become their successors, which can repeat a code already listed. */
function districts(v: unknown): string[] {
  const codes = asArray(v, 'districts').map((c, i) => normaliseAdcode(text(c, `districts[${i}]`)));
  return [...new Set(codes)];
}

export function mapWarning(raw: unknown): WarningRecord {
  const r = asObject(raw, 'warning');
  const sourceId = text(r.id, 'id');
  const messageType = decodeMessageType(P, r.msgType as string);
  const supersedesId = messageType === 'ALERT' ? null : globalId(P, 'Warning', text(r.refId, 'refId'));
  return {
    id: globalId(P, 'Warning', sourceId),
    province: P,
    sourceId,
    ...decodeSignal(P, r.type as string, r.color as string),
    messageType,
    supersedesId,
    headline: text(r.title, 'title'),
    description: text(r.content, 'content'),
    instruction: optionalText(r.guide, 'guide'),
    issuer: text(r.publisher, 'publisher'),
    issuedAt: time(r.publishTime, 'publishTime'),
    effectiveAt: time(r.effectiveTime, 'effectiveTime'),
    expiresAt: optionalTime(r.expireTime, 'expireTime'),
    areaCodes: districts(r.districts),
    updatedAt: time(r.updatedAt, 'updatedAt'),
  };
}

function hazardClass(v: unknown, what: string): ReturnType<typeof decodeHazardClass> {
  return decodeHazardClass(text(v, what));
}

function unNumber(v: unknown, what: string): string {
  const un = text(v, what);
  if (!/^\d{4}$/.test(un)) throw new LegacyDataInvalidError(`invalid ${what} "${un}": not four digits`);
  return un;
}

export function mapEnterprise(raw: unknown): HazmatEnterpriseRecord {
  const r = asObject(raw, 'enterprise');
  const sourceId = text(r.id, 'id');
  if (!('hazardLevel' in r)) throw new LegacyDataInvalidError('missing hazardLevel');
  return {
    id: globalId(P, 'HazmatEnterprise', sourceId),
    province: P,
    sourceId,
    creditCode: normaliseCreditCode(text(r.creditCode, 'creditCode')),
    name: text(r.name, 'name'),
    divisionCode: normaliseAdcode(text(r.districtCode, 'districtCode')),
    location: point(r.location, 'location'),
    majorHazardGrade: decodeMajorHazardGrade(P, r.hazardLevel as string | null),
    ...holdingsOf(
      asArray(r.chemicals, 'chemicals').map((c, i) => {
        const chem = asObject(c, `chemicals[${i}]`);
        return {
          unNumber: unNumber(chem.unNo, `chemicals[${i}].unNo`),
          name: text(chem.name, `chemicals[${i}].name`),
          hazardClass: hazardClass(chem.cls, `chemicals[${i}].cls`),
          tonnes: parseTonnes(chem.reserveTon as string | number, `chemicals[${i}].reserveTon`),
          ...holdingSafety(chem, `chemicals[${i}]`),
        };
      }),
    ),
    contactPhone: optionalText(r.contactPhone, 'contactPhone'),
    ...enterpriseSafety(r),
    updatedAt: time(r.updatedAt, 'updatedAt'),
  };
}

export function party(v: unknown, what: string): WaybillPartyRecord {
  const p = asObject(v, what);
  return {
    name: text(p.name, `${what}.name`),
    creditCode: optionalCreditCode(p.creditCode, `${what}.creditCode`),
    divisionCode: optionalAdcode(p.districtCode, `${what}.districtCode`),
  };
}

function goods(v: unknown, i: number): DangerousGoods {
  const g = asObject(v, `goods[${i}]`);
  return {
    unNumber: unNumber(g.unNo, `goods[${i}].unNo`),
    name: text(g.name, `goods[${i}].name`),
    hazardClass: hazardClass(g.cls, `goods[${i}].cls`),
    packingGroup: decodePackingGroup(g.pg as string | null),
    kilograms: parseKilograms(g.kg as string | number, `goods[${i}].kg`),
  };
}

export function mapWaybill(raw: unknown): WaybillRecord {
  const r = asObject(raw, 'waybill');
  const number = text(r.waybillNo, 'waybillNo');
  return {
    id: globalId(P, 'Waybill', number),
    province: P,
    sourceId: number,
    number,
    status: decodeWaybillStatus(P, r.status as string),
    plate: normalisePlate(text(r.plate, 'plate')),
    carrierCreditCode: optionalCreditCode(r.carrierCreditCode, 'carrierCreditCode'),
    origin: party(r.origin, 'origin'),
    destination: party(r.dest, 'dest'),
    goods: asArray(r.goods, 'goods').map(goods),
    departedAt: optionalTime(r.departTime, 'departTime'),
    updatedAt: time(r.updatedAt, 'updatedAt'),
    ...mapTransport(r, party),
  };
}

export function mapBase(raw: unknown): RescueBaseRecord {
  const r = asObject(raw, 'base');
  const sourceId = text(r.id, 'id');
  return {
    id: globalId(P, 'RescueBase', sourceId),
    province: P,
    sourceId,
    name: text(r.name, 'name'),
    level: decodeBaseLevel(P, r.level as string),
    creditCode: optionalCreditCode(r.creditCode, 'creditCode'),
    divisionCode: normaliseAdcode(text(r.districtCode, 'districtCode')),
    location: point(r.location, 'location'),
    capabilities: asArray(r.capabilities, 'capabilities').map((c) => decodeCapability(P, c as string)),
    teams: asArray(r.teams, 'teams').map((t, i) => {
      const team = asObject(t, `teams[${i}]`);
      const teamId = text(team.id, `teams[${i}].id`);
      return {
        id: globalId(P, 'RescueTeam', teamId),
        sourceId: teamId,
        name: text(team.name, `teams[${i}].name`),
        members: integer(team.members, `teams[${i}].members`),
        specialty: team.specialty === null || team.specialty === undefined ? null : decodeCapability(P, team.specialty as string),
        ...forceTypeOf(P, team.forceType),
      };
    }),
    materials: asArray(r.materials, 'materials').map((m, i) => {
      const mat = asObject(m, `materials[${i}]`);
      return {
        code: text(mat.code, `materials[${i}].code`),
        name: text(mat.name, `materials[${i}].name`),
        quantity: number(mat.qty, `materials[${i}].qty`),
        unit: text(mat.unit, `materials[${i}].unit`),
      };
    }),
    onDuty: decodeOnDuty(P, r.onDuty as string | boolean),
    dutyPhone: optionalText(r.phone, 'phone'),
    updatedAt: time(r.updatedAt, 'updatedAt'),
  };
}

/** A point of `plate`'s track; a point without a usable position is invalid, not a point at 0,0. */
export function mapTrackPoint(plate: string, raw: unknown): TrackPointRecord {
  const r = asObject(raw, 'track point');
  const location = point({ lng: r.lng, lat: r.lat }, 'point');
  if (location === null) throw new LegacyDataInvalidError(`track point at ${String(r.ts)} has no position in China`);
  return {
    plate,
    at: time(r.ts, 'ts'),
    location,
    speedKmh: r.speed === null || r.speed === undefined ? null : number(r.speed, 'speed'),
    province: P,
  };
}

/** `{"requestId", "status", "updatedAt"}` of GET /api/v2/rescue/requests/{requestId}. */
export function mapMutualAidStatus(raw: unknown): MutualAidStatusRecord {
  const r = asObject(raw, 'mutual-aid request');
  const sourceId = text(r.requestId, 'requestId');
  return {
    id: globalId(P, 'MutualAidRequest', sourceId),
    province: P,
    sourceId,
    status: decodeMutualAidStatus(P, r.status as string),
    updatedAt: time(r.updatedAt, 'updatedAt'),
  };
}
