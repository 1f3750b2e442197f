import { CREDIT_CODE_SHAPE, isValidCreditCode } from '../../schema/credit-code';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { routeCreditCodeBy, type HoldingsView, type Route } from './credit-code-route';
import type { KeyKind } from './routing-table';

/** Where a key sends a request: one province, nowhere (outside the region), or it is malformed. */
export type KeyRoute =
  | { kind: 'province'; province: ProvinceCode }
  | { kind: 'outside'; reason: string }
  | { kind: 'malformed'; reason: string };

const PREFIX_PROVINCE: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
const PLATE_PROVINCE: Record<string, ProvinceCode> = { 沪: 'SH', 苏: 'JS', 浙: 'ZJ', 皖: 'AH' };

function isProvince(value: string): value is ProvinceCode {
  return (PROVINCE_CODES as readonly string[]).includes(value);
}

/** Global ids "<province>:<Type>:<legacy id>" route by their prefix. */
export function routeGlobalId(id: string): KeyRoute {
  const match = /^([A-Z]{2}):([A-Za-z]+):(.+)$/.exec(id);
  if (!match) return { kind: 'malformed', reason: `"${id}" is not a global id of the form <province>:<Type>:<id>` };
  return isProvince(match[1])
    ? { kind: 'province', province: match[1] }
    : { kind: 'outside', reason: `province ${match[1]} is outside the region` };
}

/** Unified social credit codes route by their registering authority's province (3rd–4th characters). */
export function routeCreditCode(code: string): KeyRoute {
  const normalised = code.trim().toUpperCase();
  if (!CREDIT_CODE_SHAPE.test(normalised)) {
    return { kind: 'malformed', reason: `"${code}" is not an 18-character unified social credit code` };
  }
  if (!isValidCreditCode(normalised)) return { kind: 'malformed', reason: `"${code}" has a wrong check character (GB 32100)` };
  const province = registeringProvince(normalised);
  return province ? { kind: 'province', province } : { kind: 'outside', reason: `credit code ${normalised} was registered outside the region` };
}

/** The province whose authority registered a credit code (its 3rd–4th characters), if in the region. */
export function registeringProvince(creditCode: string): ProvinceCode | undefined {
  return PREFIX_PROVINCE[creditCode.slice(2, 4)];
}

/** GB/T 2260 adcodes route by their first two digits. */
export function routeAdcode(adcode: string): KeyRoute {
  const trimmed = adcode.trim();
  if (!/^\d{6}$/.test(trimmed)) return { kind: 'malformed', reason: `"${adcode}" is not a six-digit adcode` };
  const province = PREFIX_PROVINCE[trimmed.slice(0, 2)];
  return province ? { kind: 'province', province } : { kind: 'outside', reason: `adcode ${trimmed} is outside the region` };
}

/**
 * Where a key of the routing table's kind sends a request; a missing key is malformed. A credit
 * code goes by the index's holdings when given (credit-code-route.ts), else by its registering province.
 */
export function routeKey(kind: KeyKind, value: unknown, creditCodes: HoldingsView | null = null): Route {
  if (typeof value !== 'string') return { kind: 'malformed', reason: 'the key is missing' };
  if (kind === 'globalId') return routeGlobalId(value);
  if (kind === 'creditCode') return creditCodes ? routeCreditCodeBy(value, creditCodes) : routeCreditCode(value);
  return routeAdcode(value);
}

/** The province a plate is registered in, or null for vehicles from outside the region. */
export function plateProvince(plate: string): ProvinceCode | null {
  return PLATE_PROVINCE[plate.trim().charAt(0)] ?? null;
}
