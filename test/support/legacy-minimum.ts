import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { CATALOG_ENTRIES } from '../../schema/sharing-catalog';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { startFederation, type Federation, type FederationOptions } from './federation';

/** Each legacy API's documented page and batch sizes and endpoints, for tests that count legacy calls at their minimum. */

export type Collection = 'warnings' | 'enterprises' | 'waybills' | 'bases';
export type Calls = Record<string, number>;

export interface Api {
  page: number;
  /** Ids per batch read; null: one `detail` call per id. */
  batch: number | null;
  auth: string | null;
  list: Record<Collection, string>;
  byIds: Record<Collection, string>;
  track: string;
  /** Points per track page when the track endpoint pages (AH); null: one call per plate. */
  trackPage: number | null;
}

export const API: Record<ProvinceCode, Api> = {
  SH: {
    page: 500,
    batch: 100,
    auth: null,
    list: { warnings: 'GET /api/v2/warnings', enterprises: 'GET /api/v2/hazmat/enterprises', waybills: 'GET /api/v2/hazmat/waybills', bases: 'GET /api/v2/rescue/bases' },
    byIds: { warnings: 'GET /api/v2/warnings', enterprises: 'GET /api/v2/hazmat/enterprises', waybills: 'GET /api/v2/hazmat/waybills', bases: 'GET /api/v2/rescue/bases' },
    track: 'GET /api/v2/hazmat/vehicles/:plate/tracks',
    trackPage: null,
  },
  JS: {
    page: 200,
    batch: 50,
    auth: null,
    list: {
      warnings: 'GET /jsyj/services/WarningService/list',
      enterprises: 'GET /jsyj/services/HazardService/enterpriseList',
      waybills: 'GET /jsyj/services/TransportService/waybillList',
      bases: 'GET /jsyj/services/RescueService/baseList',
    },
    byIds: {
      warnings: 'GET /jsyj/services/WarningService/get',
      enterprises: 'GET /jsyj/services/HazardService/enterpriseGet',
      waybills: 'GET /jsyj/services/TransportService/waybillGet',
      bases: 'GET /jsyj/services/RescueService/baseGet',
    },
    track: 'GET /jsyj/services/TransportService/track',
    trackPage: null,
  },
  ZJ: {
    page: 100,
    batch: 100,
    auth: 'POST /zlj/open/oauth/token',
    list: { warnings: 'GET /zlj/open/yj/list', enterprises: 'GET /zlj/open/whp/qy/list', waybills: 'GET /zlj/open/whp/yd/list', bases: 'GET /zlj/open/jy/jd/list' },
    byIds: {
      warnings: 'POST /zlj/open/yj/list/batch',
      enterprises: 'POST /zlj/open/whp/qy/list/batch',
      waybills: 'POST /zlj/open/whp/yd/list/batch',
      bases: 'POST /zlj/open/jy/jd/list/batch',
    },
    track: 'GET /zlj/open/whp/clgj',
    trackPage: null,
  },
  AH: {
    page: 50,
    batch: null,
    auth: 'POST /ahyj/api/login',
    list: { warnings: 'GET /ahyj/api/yjxx/list', enterprises: 'GET /ahyj/api/whp/qyxx/list', waybills: 'GET /ahyj/api/whp/ydxx/list', bases: 'GET /ahyj/api/jydw/jdxx/list' },
    byIds: { warnings: 'GET /ahyj/api/yjxx/detail', enterprises: 'GET /ahyj/api/whp/qyxx/detail', waybills: 'GET /ahyj/api/whp/ydxx/detail', bases: 'GET /ahyj/api/jydw/jdxx/detail' },
    track: 'GET /ahyj/api/whp/clgj',
    trackPage: 50,
  },
};

export const LONG_MAX_AGE = { warnings: 300_000, enterprises: 300_000, waybills: 300_000, bases: 300_000 };
/**
 * Generous deadlines: on a loaded machine a legacy answer slower than the adapters' per-attempt
 * timeout is retried, which is right in production and would be counted here as an extra call.
 */
export const PATIENT = { replicaMaxAgeMs: LONG_MAX_AGE, legacyTimeoutMs: 20_000, shardTimeoutMs: 40_000 };

export function add(calls: Calls, endpoint: string, n: number): void {
  if (n > 0) calls[endpoint] = (calls[endpoint] ?? 0) + n;
}

/** Records the province's system holds in a collection, mappable or not. */
export function stored(ds: CanonicalDataset, province: ProvinceCode, collection: Collection): number {
  const good = (ds[collection] as readonly { province: ProvinceCode }[]).filter((r) => r.province === province).length;
  return good + ds.bad.filter((b) => b.province === province && b.collection === collection).length;
}

export function syncCost(ds: CanonicalDataset, province: ProvinceCode, collection: Collection): number {
  return Math.max(1, Math.ceil(stored(ds, province, collection) / API[province].page));
}

/**
 * The calls each system served, by endpoint: every call received, less those refused for the rate
 * limit (AH's 429). The adapter spaces its calls by more than the limit, but simulator and adapter
 * share one event loop here, and a stall on a loaded machine can deliver calls in a burst; a
 * refused call is retried after Retry-After, so it is an extra call the system did not serve.
 */
export function served(fed: Federation): Record<ProvinceCode, Calls> {
  const calls = fed.legacyCalls();
  for (const p of PROVINCE_CODES) {
    for (const [endpoint, n] of Object.entries(fed.sims[p].rateLimited.snapshot())) {
      calls[p][endpoint] -= n;
      if (calls[p][endpoint] === 0) delete calls[p][endpoint];
    }
  }
  return calls;
}

export function resetCalls(fed: Federation): void {
  fed.resetLegacyCalls();
  for (const p of PROVINCE_CODES) fed.sims[p].rateLimited.reset();
}

export function none(): Record<ProvinceCode, Calls> {
  return { SH: {}, JS: {}, ZJ: {}, AH: {} };
}

export async function exchangeHeaders(fed: Federation): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await fed.token({ role: 'exchange', catalog: [...CATALOG_ENTRIES] })}` };
}


/** The federation of the describe block that calls this (started before its tests, closed after), and an exchange caller's headers. */
export interface CountedFederation {
  fed: Federation;
  headers: Record<string, string>;
}

export function useFederation(options: FederationOptions = PATIENT): CountedFederation {
  const state = {} as CountedFederation;
  beforeAll(async () => {
    state.fed = await startFederation(options);
    state.headers = await exchangeHeaders(state.fed);
  });
  afterAll(async () => {
    await state.fed?.close();
  });
  return state;
}
