import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import type { CanonicalDataset } from '../../simulators/dataset/types';

/**
 * What the four legacy systems' APIs allow (../shared/legacy-apis/*.md), as far as the minimum
 * calls and the fastest schedule of a query are concerned: a token or login before anything
 * else, the largest page each list serves, numbered pages (all pages after the first at once, the
 * first tells the total) or cursors (one page after another), and Anhui's 5 requests per token in
 * any sliding second.
 */

export type Collection = 'warnings' | 'enterprises' | 'waybills' | 'bases';
export type CallCounts = Record<string, number>;

interface LegacyApi {
  tokenEndpoint: string | null;
  paging: 'numbered' | 'cursor';
  pageSize: number;
  /** Requests per token in any sliding second. */
  ratePerSecond: number | null;
  lists: Record<Collection, string>;
}

export const LEGACY_APIS: Readonly<Record<ProvinceCode, LegacyApi>> = {
  SH: {
    tokenEndpoint: null,
    paging: 'numbered',
    pageSize: 500,
    ratePerSecond: null,
    lists: { warnings: 'GET /api/v2/warnings', enterprises: 'GET /api/v2/hazmat/enterprises', waybills: 'GET /api/v2/hazmat/waybills', bases: 'GET /api/v2/rescue/bases' },
  },
  JS: {
    tokenEndpoint: null,
    paging: 'numbered',
    pageSize: 200,
    ratePerSecond: null,
    lists: {
      warnings: 'GET /jsyj/services/WarningService/list',
      enterprises: 'GET /jsyj/services/HazardService/enterpriseList',
      waybills: 'GET /jsyj/services/TransportService/waybillList',
      bases: 'GET /jsyj/services/RescueService/baseList',
    },
  },
  ZJ: {
    tokenEndpoint: 'POST /zlj/open/oauth/token',
    paging: 'cursor',
    pageSize: 100,
    ratePerSecond: null,
    lists: { warnings: 'GET /zlj/open/yj/list', enterprises: 'GET /zlj/open/whp/qy/list', waybills: 'GET /zlj/open/whp/yd/list', bases: 'GET /zlj/open/jy/jd/list' },
  },
  AH: {
    tokenEndpoint: 'POST /ahyj/api/login',
    paging: 'numbered',
    pageSize: 50,
    ratePerSecond: 5,
    lists: { warnings: 'GET /ahyj/api/yjxx/list', enterprises: 'GET /ahyj/api/whp/qyxx/list', waybills: 'GET /ahyj/api/whp/ydxx/list', bases: 'GET /ahyj/api/jydw/jdxx/list' },
  },
};

/** Records a system holds in a collection, the ones it holds broken included. */
export function recordsHeld(dataset: CanonicalDataset, province: ProvinceCode, collection: Collection): number {
  const valid = (dataset[collection] as readonly { province: ProvinceCode }[]).filter((r) => r.province === province).length;
  return valid + dataset.bad.filter((b) => b.province === province && b.collection === collection).length;
}

export function pagesOf(dataset: CanonicalDataset, province: ProvinceCode, collection: Collection): number {
  return Math.max(1, Math.ceil(recordsHeld(dataset, province, collection) / LEGACY_APIS[province].pageSize));
}

/** What one query needs of the systems: whole collections per province (the local copies' first pull). */
export interface QueryNeeds {
  /** Collections pulled from every province when the query starts. */
  everywhere: Collection[];
  /**
   * Collections pulled from a province only once the references leading there are known (a
   * cross-shard reference): for a connection's records, once every province's part of the merged
   * page is in. Each collection is pulled once, however many hops lead to it.
   */
  hops: { from: ProvinceCode; after: Collection; to: ProvinceCode; pull: Collection }[];
}

export function minimumCalls(dataset: CanonicalDataset, needs: QueryNeeds): Record<ProvinceCode, CallCounts> {
  const calls = Object.fromEntries(PROVINCE_CODES.map((p) => [p, {} as CallCounts])) as Record<ProvinceCode, CallCounts>;
  const pull = (p: ProvinceCode, c: Collection): void => {
    const api = LEGACY_APIS[p];
    if (api.tokenEndpoint) calls[p][api.tokenEndpoint] = 1;
    calls[p][api.lists[c]] = pagesOf(dataset, p, c);
  };
  for (const p of PROVINCE_CODES) for (const c of needs.everywhere) pull(p, c);
  for (const hop of needs.hops) pull(hop.to, hop.pull);
  return calls;
}

/**
 * The fastest schedule the APIs allow for a query's needs, with every call taking its province's
 * latency: the query cannot answer sooner than its last call.
 */
export function legacyLimit(dataset: CanonicalDataset, latency: Readonly<Record<ProvinceCode, number>>, needs: QueryNeeds): { ms: number; explanation: string } {
  const starts = new Map<ProvinceCode, number[]>();
  /** The earliest start at or after `ready` that the province's rate limit admits; recorded. */
  const admit = (p: ProvinceCode, ready: number): number => {
    const rate = LEGACY_APIS[p].ratePerSecond;
    const taken = starts.get(p) ?? [];
    let t = ready;
    if (rate !== null) {
      for (;;) {
        const inWindow = taken.filter((s) => s > t - 1000 && s <= t).sort((a, b) => a - b);
        if (inWindow.length < rate) break;
        t = inWindow[inWindow.length - rate] + 1000;
      }
    }
    taken.push(t);
    starts.set(p, taken);
    return t;
  };
  const tokenAt = new Map<ProvinceCode, number>();
  const token = (p: ProvinceCode): number => {
    if (!tokenAt.has(p)) tokenAt.set(p, LEGACY_APIS[p].tokenEndpoint ? latency[p] : 0);
    return tokenAt.get(p) as number;
  };
  /** When a whole collection has arrived, pulled from `ready` on. */
  const pull = (p: ProvinceCode, c: Collection, ready: number): number => {
    const api = LEGACY_APIS[p];
    const pages = pagesOf(dataset, p, c);
    let t = admit(p, Math.max(ready, token(p))) + latency[p];
    if (api.paging === 'cursor') {
      for (let i = 1; i < pages; i++) t = admit(p, t) + latency[p];
      return t;
    }
    let last = t;
    for (let i = 1; i < pages; i++) last = Math.max(last, admit(p, t) + latency[p]);
    return last;
  };
  const done = new Map<string, number>();
  let slowest = { ms: 0, chain: '' };
  const record = (ms: number, chain: string): void => {
    if (ms > slowest.ms) slowest = { ms, chain };
  };
  for (const c of needs.everywhere) {
    for (const p of PROVINCE_CODES) {
      const t = pull(p, c, 0);
      done.set(`${p}:${c}`, t);
      record(t, `${p} ${c} (${pagesOf(dataset, p, c)} page(s))`);
    }
  }
  // A connection's page is merged from every province's, so the references it holds are known once
  // the slowest province's part is in; each collection they lead to is pulled once, from then.
  const readyAfter = (hop: QueryNeeds['hops'][number]): { at: number; slowest: ProvinceCode } => {
    const sources = needs.everywhere.includes(hop.after) ? PROVINCE_CODES : [hop.from];
    let at = -1;
    let slowestSource: ProvinceCode = hop.from;
    for (const p of sources) {
      const key = `${p}:${hop.after}`;
      if (!done.has(key)) done.set(key, pull(p, hop.after, 0));
      const t = done.get(key) as number;
      if (t > at) [at, slowestSource] = [t, p];
    }
    return { at, slowest: slowestSource };
  };
  const targets = new Map<string, QueryNeeds['hops'][number]>();
  for (const hop of needs.hops) if (!targets.has(`${hop.to}:${hop.pull}`)) targets.set(`${hop.to}:${hop.pull}`, hop);
  for (const [key, hop] of targets) {
    const ready = readyAfter(hop);
    const t = done.has(key) ? Math.max(done.get(key) as number, ready.at) : pull(hop.to, hop.pull, ready.at);
    done.set(key, t);
    record(t, `${ready.slowest} ${hop.after} (the last part of the merged page), then ${hop.to} ${hop.pull} (${pagesOf(dataset, hop.to, hop.pull)} page(s))`);
  }
  const rated = PROVINCE_CODES.filter((p) => LEGACY_APIS[p].ratePerSecond !== null)
    .map((p) => `${p} ${(starts.get(p) ?? []).length} calls at ${LEGACY_APIS[p].ratePerSecond}/s`)
    .join(', ');
  return { ms: slowest.ms, explanation: `${slowest.ms.toFixed(0)} ms, the slowest chain being ${slowest.chain}${rated ? `; rate limits: ${rated}` : ''}.` };
}
