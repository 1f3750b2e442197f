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

/**
 * Removes every key the router added (aliases with ROUTER_ALIAS_PREFIX), at any depth. An object
 * below the top that holds one is replaced by a copy without it, in its parent: deleting a key
 * from a parsed object (other than its last) makes V8 rebuild it as a dictionary, which cost more
 * than the copy and slows every later read. Objects without any are kept, changed in place.
 */
export function stripRouterFields(value: Json | undefined): void {
  if (Array.isArray(value)) {
    stripList(value);
  } else if (isObject(value)) {
    for (const key in value) {
      if (key.startsWith(ROUTER_ALIAS_PREFIX)) {
        delete value[key];
        continue;
      }
      const inner = value[key];
      if (typeof inner === 'object' && inner !== null) value[key] = stripped(inner);
    }
  }
}

function stripList(list: Json[]): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === 'object' && item !== null) list[i] = stripped(item);
  }
}

/** `value` without the router's keys: itself (changed in place below) when it holds none, else a copy. */
function stripped(value: JsonObject | Json[]): Json {
  if (Array.isArray(value)) {
    stripList(value);
    return value;
  }
  let copy: JsonObject | null = null;
  // for-in rather than Object.keys: no array of keys per object (answers are plain objects, nothing inherited).
  for (const key in value) {
    if (key.startsWith(ROUTER_ALIAS_PREFIX)) {
      copy ??= copyBefore(value, key);
      continue;
    }
    const inner = value[key];
    const out = typeof inner === 'object' && inner !== null ? stripped(inner) : inner;
    if (copy) copy[key] = out;
    else if (out !== inner) value[key] = out;
  }
  return copy ?? value;
}

/** The keys of `value` before `stop`, in their order (those already stripped). */
function copyBefore(value: JsonObject, stop: string): JsonObject {
  const copy: JsonObject = {};
  for (const key in value) {
    if (key === stop) break;
    copy[key] = value[key];
  }
  return copy;
}
