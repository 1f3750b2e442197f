import { chemicalPack, enterpriseSafety } from './render-safety';
import { parseGlobalId, type HazmatEnterpriseRecord, type RescueBaseRecord, type TrackPointRecord, type WarningRecord, type WaybillRecord } from '../../schema/model';
import { creditCheckChar } from '../dataset';
import type { Defect } from '../dataset/types';
import {
  AH_BASE_LEVEL, AH_CAPABILITY, AH_EVENT, AH_FORCE_TYPE, AH_GRADE, AH_LEVEL, AH_MESSAGE_TYPE, AH_ON_DUTY, AH_WAYBILL_STATUS,
  hazardClassCode, UNKNOWN_BASE_LEVEL, UNKNOWN_EVENT,
} from './codes';
import { ahTime, dmsPoint, handTyped, legacyAdcode, share, unparseableTime } from './format';
import { renderTransport } from './render-transport';

/**
 * Canonical records in ahyj's own rows: its field names, codes, packed strings, JSON inside JSON,
 * both time forms and DMS coordinates. A record held with a defect is rendered and then corrupted
 * as the defect says; the quirks fall on a fixed share of records by a hash of the id.
 */

export type AhRow = Record<string, unknown>;

/** Per field, whether a whole-minute time is written `yyyy/MM/dd HH:mm` (half the records). */
const time = (iso: string, id: string, field: string): string => ahTime(iso, share(id, `time|${field}`) < 50);
const optionalTime = (iso: string | null, id: string, field: string): string => (iso === null ? '' : time(iso, id, field));

/** A few names carry the trailing spaces of a form field nobody trimmed. */
const typedName = (name: string, id: string): string => (share(id, 'name') < 5 ? `${name} ` : name);

/** The same code with a check character that does not match (the next one of the alphabet). */
export function wrongCheckCharacter(code: string | null, fallbackAuthority: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const first17 = code ? code.slice(0, 17) : `91${fallbackAuthority.slice(0, 6)}MA0000001`;
  const right = creditCheckChar(first17);
  return first17 + alphabet[(alphabet.indexOf(right) + 1) % alphabet.length];
}

function legacyIdOf(globalIdText: string): string {
  return parseGlobalId(globalIdText)?.sourceId ?? globalIdText;
}

export function renderWarning(w: WarningRecord, defect: Defect | null): AhRow {
  const id = w.sourceId;
  const row: AhRow = {
    ID: Number(id),
    YJLX: AH_EVENT[w.event],
    // Some rows come from a form that stored the level as text.
    YJJB: share(id, 'level-text') < 20 ? String(AH_LEVEL[w.level]) : AH_LEVEL[w.level],
    XXLX: AH_MESSAGE_TYPE[w.messageType],
    GLID: w.supersedesId === null ? null : Number(legacyIdOf(w.supersedesId)),
    BT: w.headline,
    NR: w.description,
    FYZN: w.instruction ?? '',
    FBDW: w.issuer,
    FBSJ: time(w.issuedAt, id, 'FBSJ'),
    SXSJ: time(w.effectiveAt, id, 'SXSJ'),
    JSSJ: optionalTime(w.expiresAt, id, 'JSSJ'),
    YXQY: w.areaCodes.map((c) => legacyAdcode(c, id)).join(';'),
    GXSJ: time(w.updatedAt, id, 'GXSJ'),
  };
  switch (defect) {
    case 'UNKNOWN_CODE': row.YJLX = UNKNOWN_EVENT; break;
    case 'MISSING_FIELD': delete row.BT; break;
    case 'UNPARSEABLE_TIME': row.FBSJ = unparseableTime(w.issuedAt); break;
    case 'INVALID_CREDIT_CODE': case null: break;
  }
  return row;
}

export function renderEnterprise(e: HazmatEnterpriseRecord, defect: Defect | null): AhRow {
  const id = e.sourceId;
  const row: AhRow = {
    QYBH: id,
    QYMC: typedName(e.name, id),
    TYXYDM: handTyped(e.creditCode, id),
    XZQH: legacyAdcode(e.divisionCode, id),
    ...dmsPoint(e.location),
    WXYDJ: e.majorHazardGrade === null ? '' : AH_GRADE[e.majorHazardGrade],
    HXPMX: e.chemicals.map((c) => chemicalPack(e, c)).join(';'),
    LXDH: e.contactPhone ?? '',
    ...enterpriseSafety(e),
    GXSJ: time(e.updatedAt, id, 'GXSJ'),
  };
  switch (defect) {
    case 'INVALID_CREDIT_CODE': row.TYXYDM = wrongCheckCharacter(e.creditCode, e.divisionCode); break;
    case 'MISSING_FIELD': row.QYMC = ''; break;
    case 'UNPARSEABLE_TIME': row.GXSJ = unparseableTime(e.updatedAt); break;
    case 'UNKNOWN_CODE': case null: break;
  }
  return row;
}

export function renderWaybill(w: WaybillRecord, defect: Defect | null): AhRow {
  const id = w.sourceId;
  const code = (c: string | null, field: string): string => (c === null ? '' : handTyped(c, `${id}|${field}`));
  const area = (c: string | null): string => (c === null ? '' : legacyAdcode(c, id));
  const row: AhRow = {
    YDBH: id,
    CPHM: w.plate,
    CYDW_TYXYDM: code(w.carrierCreditCode, 'CYDW'),
    QYDMC: w.origin.name,
    QYD_TYXYDM: code(w.origin.creditCode, 'QYD'),
    QYD_XZQH: area(w.origin.divisionCode),
    MDDMC: w.destination.name,
    MDD_TYXYDM: code(w.destination.creditCode, 'MDD'),
    MDD_XZQH: area(w.destination.divisionCode),
    HWMX: w.goods.map((g) => [g.unNumber, g.name, hazardClassCode(g.hazardClass), g.packingGroup ?? '', String(g.kilograms)].join('|')).join(';'),
    FCSJ: optionalTime(w.departedAt, id, 'FCSJ'),
    YDZT: AH_WAYBILL_STATUS[w.status],
    GXSJ: time(w.updatedAt, id, 'GXSJ'),
    ...renderTransport(w),
  };
  switch (defect) {
    case 'INVALID_CREDIT_CODE': row.CYDW_TYXYDM = wrongCheckCharacter(w.carrierCreditCode, w.origin.divisionCode ?? '340000'); break;
    case 'MISSING_FIELD': row.CPHM = ''; break;
    case 'UNPARSEABLE_TIME': row.GXSJ = unparseableTime(w.updatedAt); break;
    case 'UNKNOWN_CODE': case null: break;
  }
  return row;
}

export function renderBase(b: RescueBaseRecord, defect: Defect | null): AhRow {
  const id = b.sourceId;
  const teams = b.teams.map((t) => ({
    dwbh: t.sourceId,
    dwmc: t.name,
    // Numbers as text in a share of the embedded JSON, as the system's older screens saved them.
    rs: share(t.sourceId, 'members-text') < 20 ? String(t.members) : t.members,
    zy: t.specialty === null ? '' : AH_CAPABILITY[t.specialty],
    ...(t.forceType ? { lllx: AH_FORCE_TYPE[t.forceType] } : {}),
  }));
  const row: AhRow = {
    JDBH: id,
    JDMC: typedName(b.name, id),
    JDJB: AH_BASE_LEVEL[b.level],
    TYXYDM: b.creditCode === null ? '' : handTyped(b.creditCode, id),
    XZQH: legacyAdcode(b.divisionCode, id),
    ...dmsPoint(b.location),
    JYNL: b.capabilities.map((c) => AH_CAPABILITY[c]).join('、'),
    DWXX: JSON.stringify(teams),
    WZXX: b.materials.map((m) => `${m.code}:${m.name}:${m.quantity}:${m.unit}`).join(';'),
    ZBZT: AH_ON_DUTY[`${b.onDuty}`],
    LXDH: b.dutyPhone ?? '',
    GXSJ: time(b.updatedAt, id, 'GXSJ'),
  };
  switch (defect) {
    case 'UNKNOWN_CODE': row.JDJB = UNKNOWN_BASE_LEVEL; break;
    case 'INVALID_CREDIT_CODE': row.TYXYDM = wrongCheckCharacter(b.creditCode, b.divisionCode); break;
    case 'MISSING_FIELD': delete row.JDMC; break;
    case 'UNPARSEABLE_TIME': row.GXSJ = unparseableTime(b.updatedAt); break;
    case null: break;
  }
  return row;
}

/** Track rows differ from everything else: decimal WGS-84 degrees as numbers, seconds-form time. */
export function renderTrackPoint(p: TrackPointRecord): AhRow {
  const key = `${p.plate}|${p.at}`;
  return {
    CPHM: p.plate,
    jd: p.location.lng,
    wd: p.location.lat,
    DWSJ: ahTime(p.at, false),
    SD: p.speedKmh === null ? null : share(key, 'speed-text') < 10 ? String(p.speedKmh) : p.speedKmh,
  };
}
