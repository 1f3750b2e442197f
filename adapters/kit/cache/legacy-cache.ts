import type { SharedCache } from '../../../schema/cache/shared-cache';

export type { CacheBackendState } from '../../../schema/cache/shared-cache';

/** The cache of legacy answers: the shared cache, with keys namespaced by province and kind. */
export type LegacyCache = SharedCache;

/** `legacy:<province>:<kind>:<part>…`: one namespace per province and kind of answer. */
export function legacyKey(province: string, kind: string, ...parts: string[]): string {
  return ['legacy', province, kind, ...parts].join(':');
}
