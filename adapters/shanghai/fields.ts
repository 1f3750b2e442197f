import type { GeoPoint, IsoDateTime } from '../../schema/model';
import { parseBeijingTime } from '../kit/beijing-time';
import { validLocation } from '../kit/coordinates';
import { LegacyDataInvalidError } from '../kit/errors';
import { parseNumber } from '../kit/units';

/** Reading untrusted JSON fields: each either yields the value or says what is wrong with it. */

export type Json = Record<string, unknown>;

export function asObject(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LegacyDataInvalidError(`${what} is not an object`);
  return v as Json;
}

export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new LegacyDataInvalidError(v === undefined || v === null ? `missing ${what}` : `${what} is not a list`);
  return v;
}

/** A non-empty string (numbers are accepted as their text), trimmed. */
export function text(v: unknown, what: string): string {
  if (v === undefined || v === null) throw new LegacyDataInvalidError(`missing ${what}`);
  if (typeof v !== 'string' && typeof v !== 'number') throw new LegacyDataInvalidError(`${what} is not text`);
  const t = String(v).trim();
  if (t === '') throw new LegacyDataInvalidError(`empty ${what}`);
  return t;
}

/** Null when the system writes none (null, absent or empty). */
export function optionalText(v: unknown, what: string): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  return text(v, what);
}

export function time(v: unknown, what: string): IsoDateTime {
  return parseBeijingTime(text(v, what));
}

export function optionalTime(v: unknown, what: string): IsoDateTime | null {
  return v === undefined || v === null || v === '' ? null : time(v, what);
}

export function number(v: unknown, what: string): number {
  if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw new LegacyDataInvalidError(`${what} is not a number`);
  return parseNumber(v as string | number | null | undefined, what);
}

export function integer(v: unknown, what: string): number {
  const n = number(v, what);
  if (!Number.isInteger(n) || n < 0) throw new LegacyDataInvalidError(`${what} is not a whole number: "${String(v)}"`);
  return n;
}

/** `{"lng", "lat"}` in WGS-84; null when absent, 0,0 or outside China (a site never geocoded). */
export function point(v: unknown, what: string): GeoPoint | null {
  if (v === undefined || v === null) return null;
  const p = asObject(v, what);
  return validLocation({ lng: number(p.lng, `${what}.lng`), lat: number(p.lat, `${what}.lat`) });
}
