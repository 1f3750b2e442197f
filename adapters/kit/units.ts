import { LegacyDataInvalidError } from './errors';

/** Numbers and quantities as the legacy systems write them: numbers, numeric strings, strings with units. */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number, or a string holding one ("1200.5"); missing, empty or non-numeric values are invalid. */
export function parseNumber(v: string | number | null | undefined, what: string): number {
  if (v === null || v === undefined) throw new LegacyDataInvalidError(`missing ${what}`);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new LegacyDataInvalidError(`invalid ${what} "${v}"`);
    return v;
  }
  const text = String(v).trim();
  if (text === '') throw new LegacyDataInvalidError(`empty ${what}`);
  if (!DECIMAL.test(text)) throw new LegacyDataInvalidError(`invalid ${what} "${v}"`);
  return Number(text);
}

const KILOGRAMS_PER: Readonly<Record<string, number>> = { 't': 1000, '吨': 1000, 'kg': 1, '千克': 1, '公斤': 1 };
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(t|吨|kg|千克|公斤)?$/i;

/** Removes the binary noise of a unit conversion (1.005 × 1000 = 1004.9999999999999). */
const tidy = (n: number): number => Number(n.toPrecision(12));

function parseQuantity(v: string | number, what: string, bareUnit: 't' | 'kg', into: 't' | 'kg'): number {
  if (typeof v === 'number' || v === null || v === undefined) {
    const n = parseNumber(v, what);
    if (n < 0) throw new LegacyDataInvalidError(`negative ${what} "${v}"`);
    return tidy((n * KILOGRAMS_PER[bareUnit]) / KILOGRAMS_PER[into]);
  }
  const text = String(v).trim();
  if (text === '') throw new LegacyDataInvalidError(`empty ${what}`);
  const m = QUANTITY.exec(text);
  if (!m) throw new LegacyDataInvalidError(`invalid ${what} "${v}"`);
  const amount = Number(m[1]);
  if (amount < 0) throw new LegacyDataInvalidError(`negative ${what} "${v}"`);
  const unit = (m[2] ?? bareUnit).toLowerCase();
  return tidy((amount * KILOGRAMS_PER[unit]) / KILOGRAMS_PER[into]);
}

/** Tonnes from "120吨", "500千克" (0.5), "12.5t", "800kg" (0.8), or a bare number of tonnes. */
export function parseTonnes(v: string | number, what = 'tonnes'): number {
  return parseQuantity(v, what, 't', 't');
}

/** Kilograms from "25吨" (25000), "500千克", "800kg", "12.5t", or a bare number of kilograms. */
export function parseKilograms(v: string | number, what = 'kilograms'): number {
  return parseQuantity(v, what, 'kg', 'kg');
}
