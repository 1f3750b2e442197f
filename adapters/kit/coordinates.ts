import { convertDatum } from '../../schema/datum';
import type { GeoPoint } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';

/** Datum conversions (gcoord, through schema/datum) and the checks that keep invented positions out of the contract. */

export function gcj02ToWgs84(p: GeoPoint): GeoPoint {
  return convertDatum(p, 'GCJ02', 'WGS84');
}

export function bd09ToWgs84(p: GeoPoint): GeoPoint {
  return convertDatum(p, 'BD09', 'WGS84');
}

export function wgs84ToGcj02(p: GeoPoint): GeoPoint {
  return convertDatum(p, 'WGS84', 'GCJ02');
}

export function wgs84ToBd09(p: GeoPoint): GeoPoint {
  return convertDatum(p, 'WGS84', 'BD09');
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const DEGREE = String.raw`\s*[°º˚]\s*`;
const MINUTE = String.raw`\s*['′’]\s*`;
const SECOND = String.raw`\s*(?:"|″|”|''|′′)\s*`;
const DMS = new RegExp(
  String.raw`^([NSEW])?\s*${NUMBER}${DEGREE}(?:${NUMBER}${MINUTE}(?:${NUMBER}${SECOND})?)?([NSEW])?$`,
  'i',
);

/**
 * Degrees-minutes-seconds such as `117°13'38.5"E` or `31°49'12.1"N` (hemisphere before or after,
 * minutes and seconds optional) in decimal degrees; south and west are negative.
 */
export function parseDms(value: string): number {
  const fail = (why: string): never => {
    throw new LegacyDataInvalidError(`invalid DMS coordinate "${value}": ${why}`);
  };
  const m = DMS.exec(String(value).trim());
  if (!m) return fail('not degrees-minutes-seconds');
  const [, before, deg, min, sec, after] = m;
  if (before && after) return fail('two hemispheres');
  const hemisphere = (before ?? after ?? '').toUpperCase();
  const degrees = Number(deg);
  const minutes = min === undefined ? 0 : Number(min);
  const seconds = sec === undefined ? 0 : Number(sec);
  if (sec !== undefined && !Number.isInteger(minutes)) return fail('fractional minutes with seconds');
  if (min !== undefined && !Number.isInteger(degrees)) return fail('fractional degrees with minutes');
  if (minutes >= 60 || seconds >= 60) return fail('minutes and seconds must be below 60');
  const limit = hemisphere === 'N' || hemisphere === 'S' ? 90 : 180;
  const decimal = degrees + minutes / 60 + seconds / 3600;
  if (decimal > limit) return fail(`beyond ${limit}°`);
  return hemisphere === 'S' || hemisphere === 'W' ? -decimal : decimal;
}

/** Mainland China, Hainan and Taiwan, generously: anything outside cannot be one of the region's sites. */
export const CHINA_BBOX = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 } as const;

/**
 * The point when it is a plausible position in China, else null: missing, NaN, the 0,0 of a site
 * never geocoded, or outside China's bounding box.
 */
export function validLocation(p: GeoPoint | null | undefined): GeoPoint | null {
  if (p === null || p === undefined) return null;
  const { lng, lat } = p;
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (lng === 0 && lat === 0) return null;
  if (lng < CHINA_BBOX.minLng || lng > CHINA_BBOX.maxLng || lat < CHINA_BBOX.minLat || lat > CHINA_BBOX.maxLat) return null;
  return { lng, lat };
}
