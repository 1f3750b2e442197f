import type { GeoPoint, IsoDateTime } from '../../schema/model';
import { normaliseAdcode } from '../kit/adcodes';
import { parseBeijingTime } from '../kit/beijing-time';
import { parseDms, validLocation } from '../kit/coordinates';
import { normaliseCreditCode } from '../kit/credit-code';
import { LegacyDataInvalidError } from '../kit/errors';

/** Reading one ahyj row's fields: empty strings mean "none", numbers may arrive as text. */

export type AhRow = Readonly<Record<string, unknown>>;

function scalar(row: AhRow, field: string): string | null {
  const v = row[field];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new LegacyDataInvalidError(`${field} is not text`);
  const text = String(v).trim();
  return text === '' ? null : text;
}

/** A field that must hold something (trimmed). */
export function required(row: AhRow, field: string): string {
  const v = scalar(row, field);
  if (v === null) throw new LegacyDataInvalidError(`missing ${field}`);
  return v;
}

/** A field whose empty value means "none". */
export function optional(row: AhRow, field: string): string | null {
  return scalar(row, field);
}

/** Either of the system's time forms (`2026/07/12 08:30`, `2026-07-12 08:30:00`), Beijing time. */
export function time(row: AhRow, field: string): IsoDateTime {
  const text = required(row, field);
  try {
    return parseBeijingTime(text);
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) throw new LegacyDataInvalidError(`${field}: unparseable time "${text}"`);
    throw err;
  }
}

export function optionalTime(row: AhRow, field: string): IsoDateTime | null {
  return optional(row, field) === null ? null : time(row, field);
}

export function creditCode(row: AhRow, field: string): string {
  return withField(field, () => normaliseCreditCode(required(row, field)));
}

export function optionalCreditCode(row: AhRow, field: string): string | null {
  return optional(row, field) === null ? null : creditCode(row, field);
}

export function adcode(row: AhRow, field: string): string {
  return withField(field, () => normaliseAdcode(required(row, field)));
}

export function optionalAdcode(row: AhRow, field: string): string | null {
  return optional(row, field) === null ? null : adcode(row, field);
}

/** `jd`/`wd` as DMS strings (WGS-84); none, 0,0 or outside China is no location. */
export function dmsLocation(row: AhRow): GeoPoint | null {
  const jd = optional(row, 'jd');
  const wd = optional(row, 'wd');
  if (jd === null || wd === null) return null;
  return validLocation({ lng: parseDms(jd), lat: parseDms(wd) });
}

/** `a|b|c;d|e|f`: entries of exactly `arity` fields (one of the arities given); an empty text is no entries. */
export function unpack(text: string | null, entrySeparator: string, fieldSeparator: string, arity: number | readonly number[], field: string): string[][] {
  if (text === null) return [];
  const arities = typeof arity === 'number' ? [arity] : arity;
  return text
    .split(entrySeparator)
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const parts = entry.split(fieldSeparator).map((p) => p.trim());
      if (!arities.includes(parts.length)) throw new LegacyDataInvalidError(`${field}: entry "${entry}" has ${parts.length} fields, expected ${arities.join(' or ')}`);
      return parts;
    });
}

export function unNumber(text: string, field: string): string {
  if (!/^\d{4}$/.test(text)) throw new LegacyDataInvalidError(`${field}: invalid UN number "${text}"`);
  return text;
}

function withField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) throw new LegacyDataInvalidError(`${field}: ${err.reason}`);
    throw err;
  }
}
