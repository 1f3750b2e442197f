import type { SimResponse } from '../common/sim-server';

/** Shanghai's answers: JSON in UTF-8, errors as {"error": "<text>"} with a 4xx/5xx status. */

export function ok(value: unknown, status = 200): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

export function fail(status: number, error: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify({ error }) };
}

/** A bad parameter or body: the caller's mistake, in the system's own format. */
export class BadInput extends Error {
  constructor(readonly status: 400 | 422, message: string) {
    super(message);
  }
}

export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO-8601 date-time as epoch ms; without an offset it is Beijing time (legacy-apis/README.md). */
export function parseIsoParam(name: string, value: string): number {
  const text = value.trim();
  const m = ISO_DATE_TIME.exec(text);
  const ms = m ? Date.parse(m[1] === undefined ? `${text}+08:00` : text) : NaN;
  if (!Number.isFinite(ms)) throw new BadInput(400, `${name} is not an ISO-8601 date-time: "${value}"`);
  return ms;
}

export function parsePositiveInt(name: string, value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new BadInput(400, `${name} must be a positive integer: "${value}"`);
  const n = Number(value.trim());
  if (n < 1 || n > max) throw new BadInput(400, `${name} must be between 1 and ${max}: "${value}"`);
  return n;
}
