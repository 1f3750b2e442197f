import { parseBeijingTime } from '../kit/beijing-time';
import { gcj02ToWgs84, validLocation } from '../kit/coordinates';
import { LegacyDataInvalidError } from '../kit/errors';
import { parseNumber } from '../kit/units';
import type { GeoPoint, IsoDateTime } from '../../schema/model';
import { requiredText, text, type XmlRecord } from './envelope';

/** jsyj's value formats: yyyyMMddHHmmss Beijing time, GCJ-02 LNG/LAT. */

const JS_TIME = /^\d{14}$/;

export function jsTime(value: string, name: string): IsoDateTime {
  if (!JS_TIME.test(value)) throw new LegacyDataInvalidError(`unparseable ${name} "${value}": not yyyyMMddHHmmss`);
  try {
    return parseBeijingTime(value);
  } catch {
    throw new LegacyDataInvalidError(`unparseable ${name} "${value}"`);
  }
}

export function requiredTime(row: XmlRecord, name: string): IsoDateTime {
  return jsTime(requiredText(row, name), name);
}

export function optionalTime(row: XmlRecord, name: string): IsoDateTime | null {
  const t = text(row, name);
  return t === null ? null : jsTime(t, name);
}

/**
 * LNG/LAT (GCJ-02) as WGS-84; null for a site never geocoded (empty elements, or the 0.000000 the
 * document warns of) or a position outside China.
 */
export function location(row: XmlRecord): GeoPoint | null {
  const lng = text(row, 'LNG');
  const lat = text(row, 'LAT');
  if (lng === null || lat === null) return null;
  const gcj = validLocation({ lng: parseNumber(lng, 'LNG'), lat: parseNumber(lat, 'LAT') });
  return gcj === null ? null : validLocation(gcj02ToWgs84(gcj));
}

export function nonNegativeInteger(value: string, name: string): number {
  const n = parseNumber(value, name);
  if (!Number.isInteger(n) || n < 0) throw new LegacyDataInvalidError(`invalid ${name} "${value}"`);
  return n;
}
