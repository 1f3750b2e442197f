import type { TrackPointRecord } from '../../schema/model';
import type { SimulatorOptions } from '../common/options';
import { SimServer, type Handler, type Route, type SimRequest, type SimResponse, type SimulatorSpec } from '../common/sim-server';
import { SimStore, storeAdminRoutes, type SimCollection } from '../common/store';
import { activeWarningIds } from '../dataset/oracle';
import { refusal, TokenIssuer } from './auth';
import { NL, NL_CODES } from './codes';
import { batchRead, listPage, type ListFilter } from './lists';
import { MutualAidDesk } from './mutual-aid';
import { mutualAidStatusRoute } from '../common/mutual-aid-admin';
import { renderTrackPoint } from './render';
import { invalid, InvalidInput, zjError, zjJson } from './respond';

/** 浙里急 open API (zlj), simulated to the letter of legacy-apis/zhejiang.md. */

const BASE = '/zlj/open';

const LISTS: readonly { collection: SimCollection; path: string }[] = [
  { collection: 'warnings', path: `${BASE}/yj/list` },
  { collection: 'enterprises', path: `${BASE}/whp/qy/list` },
  { collection: 'waybills', path: `${BASE}/whp/yd/list` },
  { collection: 'bases', path: `${BASE}/jy/jd/list` },
];

const BEIJING_OFFSET_MS = 8 * 3600_000;
const WINDOW_START_MS = 2 * 3600_000;
const WINDOW_END_MS = 2.5 * 3600_000;

/** Milliseconds left in the nightly 02:00–02:30 Beijing-time window, or 0 outside it. */
export function maintenanceLeftMs(now: Date): number {
  const intoDay = (((now.getTime() + BEIJING_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000;
  return intoDay >= WINDOW_START_MS && intoDay < WINDOW_END_MS ? WINDOW_END_MS - intoDay : 0;
}

function activeFilter(store: SimStore): ListFilter<'warnings'> {
  return {
    parse(query) {
      const v = query.get('active');
      if (v === null || v === '' || v === 'false') return null;
      return v === 'true' ? 'active' : invalid('active must be true or false');
    },
    matcher(_filter, now) {
      const active = activeWarningIds(store.list('warnings').map((s) => s.record), now);
      return (stored) => active.has(stored.record.id);
    },
  };
}

const capabilityFilter: ListFilter<'bases'> = {
  parse(query) {
    const v = query.get('nl');
    if (v === null || v === '') return null;
    return NL_CODES.has(v.trim()) ? v.trim() : invalid(`unknown capability nl=${v}`);
  },
  matcher(filter) {
    return (stored) => stored.record.capabilities.some((c) => NL[c] === filter);
  },
};

function trackIndex(points: readonly TrackPointRecord[]): Map<string, TrackPointRecord[]> {
  const index = new Map<string, TrackPointRecord[]>();
  for (const p of points) {
    const list = index.get(p.plate);
    if (list) list.push(p);
    else index.set(p.plate, [p]);
  }
  for (const list of index.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return index;
}

function requiredMs(query: URLSearchParams, name: string): number {
  const raw = query.get(name);
  if (raw === null || !/^\d{1,16}$/.test(raw.trim())) return invalid(`${name} must be epoch milliseconds`);
  return Number(raw.trim());
}

export function createZhejiangSimulator(options: SimulatorOptions<'ZJ'>): SimServer {
  const { clock } = options;
  const store = options.store ?? new SimStore(options.dataset, 'ZJ', clock);
  const tokens = new TokenIssuer(options.credentials, clock);
  const desk = new MutualAidDesk(store, clock);
  const tracks = trackIndex(store.trackPoints);
  store.onTrackPoint((point) => {
    const list = tracks.get(point.plate) ?? [];
    list.push(point);
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    tracks.set(point.plate, list);
  });
  const maintenance = options.maintenanceWindow ?? true;

  /** Every call: the maintenance window first, then (unless `open`) the bearer token, then the handler; bad input is a 400 INVALID. */
  const guarded = (handler: Handler, open = false): Handler => async (req: SimRequest): Promise<SimResponse> => {
    const left = maintenance ? maintenanceLeftMs(clock.now()) : 0;
    if (left > 0) return zjError(503, 'MAINTENANCE', '系统维护中（每日02:00–02:30）', { 'retry-after': String(Math.ceil(left / 1000)) });
    if (!open) {
      const check = tokens.check(req);
      if (check !== 'ok') return refusal(check);
    }
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof InvalidInput) return zjError(400, 'INVALID', err.message);
      throw err;
    }
  };

  const routes: Route[] = [
    { method: 'POST', pattern: `${BASE}/oauth/token`, handler: guarded((req) => tokens.issue(req), true) },
    ...LISTS.flatMap(({ collection, path }): Route[] => {
      const filter = collection === 'warnings' ? activeFilter(store) : collection === 'bases' ? capabilityFilter : undefined;
      return [
        { method: 'GET', pattern: path, handler: guarded((req) => listPage(store, clock, collection, path, req, filter as ListFilter<SimCollection> | undefined)) },
        { method: 'POST', pattern: `${path}/batch`, handler: guarded((req) => batchRead(store, collection, req)) },
      ];
    }),
    {
      method: 'GET',
      pattern: `${BASE}/whp/clgj`,
      handler: guarded((req) => {
        const cph = (req.query.get('cph') ?? '').trim();
        if (cph === '') invalid('cph is required');
        const kssj = requiredMs(req.query, 'kssj');
        const jssj = requiredMs(req.query, 'jssj');
        if (kssj > jssj) invalid('kssj must not be after jssj');
        const points = (tracks.get(cph) ?? []).filter((p) => {
          const t = Date.parse(p.at);
          return t >= kssj && t <= jssj;
        });
        return zjJson(200, { cph, gj: points.map(renderTrackPoint) });
      }),
    },
    { method: 'POST', pattern: `${BASE}/jy/zyqq`, handler: guarded((req) => desk.submit(req.body)) },
    { method: 'GET', pattern: `${BASE}/jy/zyqq/:zyqqid`, handler: guarded((req) => desk.status(req.params.zyqqid)) },
  ];

  const spec: SimulatorSpec = {
    province: 'ZJ',
    routes,
    serverError: () => zjError(500, 'SYSTEM_ERROR', '系统繁忙，请稍后再试'),
    malformed: () => ({ status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: '{"data": [{"yjid": "ZJYJ-' }),
    notFound: (req) => zjError(404, 'NOT_FOUND', `no such API: ${req.method} ${req.path}`),
    adminRoutes: [
      ...storeAdminRoutes(store),
      { method: 'GET', pattern: '/__sim/mutual-aid', handler: () => zjJson(200, { data: desk.all() }) },
      mutualAidStatusRoute((id, status) => desk.setStatus(id, status)),
    ],
  };
  return new SimServer(spec, clock);
}
