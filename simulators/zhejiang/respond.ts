import type { SimResponse } from '../common/sim-server';

/** Answers in 浙里急's format: JSON bodies, errors as {"code", "message"}. */

export function zjJson(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) };
}

export function zjError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return zjJson(status, { code, message }, headers);
}

/** 400 INVALID: the system's answer to any parameter or body it cannot accept. */
export class InvalidInput extends Error {}

export function invalid(message: string): never {
  throw new InvalidInput(message);
}
