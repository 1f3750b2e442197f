import gcoord from 'gcoord';
import {
  WARNING_EVENTS,
  type BaseLevel,
  type GeoPoint,
  type HazardClass,
  type MajorHazardGrade,
  type RescueCapability,
  type RescueForceType,
  type WarningLevel,
  type WarningMessageType,
  type WaybillStatus,
} from '../../schema/model';

/**
 * jsyj's code tables, time notation and datum, written from legacy-apis/jiangsu.md and README.md
 * (the simulator shares no code with the adapters it tests).
 */

/** WARN_TYPE: 01 TYPHOON … 15 HAZMAT_INCIDENT in the README's table order; the 2026 release's six are 21–26 (additions-v1.1.md). */
export const WARN_TYPE = Object.fromEntries(
  WARNING_EVENTS.map((e, i) => [e, String(i < 15 ? i + 1 : i + 6).padStart(2, '0')]),
) as Record<(typeof WARNING_EVENTS)[number], string>;
export const WARN_LEVEL: Record<WarningLevel, string> = { RED: 'I', ORANGE: 'II', YELLOW: 'III', BLUE: 'IV' };
export const MSG_TYPE: Record<WarningMessageType, string> = { ALERT: '1', UPDATE: '2', CANCEL: '3' };
export const CAPABILITY: Record<RescueCapability, string> = {
  HAZMAT: 'WHP', WATER: 'SY', EARTHQUAKE: 'DZ', FOREST_FIRE: 'SLHZ', AVIATION: 'HK', MINE: 'KS', MOUNTAIN: 'SYUE', FLOOD_CONTROL: 'FX',
};
/** LLLX, each team's kind since the 2026 release (additions-v1.1.md). */
export const FORCE_TYPE: Record<RescueForceType, string> = { FIRE_AND_RESCUE: '1', PROFESSIONAL: '2', SOCIAL: '3', ENTERPRISE: '4' };
export const BASE_LEVEL: Record<BaseLevel, string> = { NATIONAL: '国家级', PROVINCIAL: '省级', CITY: '市级', COUNTY: '县级' };
export const WAYBILL_STATUS: Record<WaybillStatus, string> = { PLANNED: '0', IN_TRANSIT: '1', ARRIVED: '2', CANCELLED: '9' };
export const HAZARD_GRADE: Record<MajorHazardGrade, string> = { GRADE_1: '1', GRADE_2: '2', GRADE_3: '3', GRADE_4: '4' };

/** CLASS_2_1 → "2.1", CLASS_3 → "3". */
export const hazardClassCode = (c: HazardClass): string => c.slice('CLASS_'.length).replace('_', '.');

/** The unified value for a code of one of the tables above, or undefined when the code is not in it. */
export function decode<U extends string>(table: Record<U, string>, code: string): U | undefined {
  return (Object.entries(table) as [U, string][]).find(([, c]) => c === code)?.[0];
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** yyyyMMddHHmmss in Beijing time. */
export function jsTime(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** Epoch ms of a yyyyMMddHHmmss Beijing time, or null when it is not a real instant in that notation. */
export function parseJsTime(text: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
  return jsTime(new Date(ms)) === text ? ms : null;
}

export function toGcj02(p: GeoPoint): GeoPoint {
  const [lng, lat] = gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

export function fromGcj02(p: GeoPoint): GeoPoint {
  const [lng, lat] = gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lng, lat };
}
