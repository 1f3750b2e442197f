export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`filter.provinces`) into arguments; undefined when absent. */
export function valueAtPath(args: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = args;
  for (const part of dotted.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** Prefix of the aliases the router adds to shard selections; stripped before answering. */
export const ROUTER_ALIAS_PREFIX = '_sr_';

/** Removes every key the router added (aliases with ROUTER_ALIAS_PREFIX), in place. */
export function stripRouterFields(value: Json | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) stripRouterFields(item);
  } else if (isObject(value)) {
    // for-in rather than Object.keys: no array of keys per object (answers are plain objects, nothing inherited).
    for (const key in value) {
      if (key.startsWith(ROUTER_ALIAS_PREFIX)) delete value[key];
      else stripRouterFields(value[key]);
    }
  }
}
