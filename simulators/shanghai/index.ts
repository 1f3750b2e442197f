import { SH_CAPABILITY, SH_WAYBILL_STATUS, decodeFrom } from './codes';
import { successorOf } from '../../schema/geography';
import type { ProvinceCode } from '../../schema/model';
import type { SimulatorOptions } from '../common/options';
import { SimServer, type Route, type SimRequest, type SimResponse, type SimulatorSpec } from '../common/sim-server';
import { SimStore, storeAdminRoutes, type SimCollection, type StoredRecord } from '../common/store';
import { isActiveAt } from '../dataset/oracle';
import { BadInput, fail, ok, parseIsoParam, parsePositiveInt } from './answers';
import { MutualAidDesk } from './mutual-aid';
import { mutualAidStatusRoute } from '../common/mutual-aid-admin';
import { KeyRateLimit, type RateLimitSettings } from './rate-limit';
import { renderStored, renderTrackPoint } from './render';

/**
 * Shanghai's 城市运行应急平台 API v2 (legacy-apis/shanghai.md): REST and JSON, an API key,
 * page/pageSize lists ordered by updatedAt then id, `updatedSince`, batch reads by `ids`.
 */

export interface ShanghaiSimulatorOptions extends SimulatorOptions<'SH'> {
  /** Per-key limit answered with 429 and Retry-After; off unless set (also POST /__sim/rate-limit). */
  rateLimit?: RateLimitSettings;
}

const BASE = '/api/v2';
const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 50;
const MAX_IDS = 100;

/** Built once per request from its query (which it validates); then asked per record. */
type Filter<C extends SimCollection> = (query: URLSearchParams) => (entry: StoredRecord<C>) => boolean;
const ALL = (): boolean => true;

/** Decodes a filter value through the system's own table; an unknown value is bad input. */
function decodeFilter<K extends string>(name: string, value: string, table: Readonly<Partial<Record<K, string>>>): K {
  const decoded = decodeFrom(table, value);
  if (decoded === undefined) throw new BadInput(400, `unknown ${name} "${value}"`);
  return decoded;
}

const stripDot = (plate: string): string => plate.replace(/[·\s]/g, '').toUpperCase();

export function createShanghaiSimulator(options: ShanghaiSimulatorOptions): SimServer {
  const { dataset, clock, credentials } = options;
  const province: ProvinceCode = 'SH';
  const store = options.store ?? new SimStore(dataset, province, clock);
  const desk = new MutualAidDesk(store, clock, dataset.mutualAidRequests);
  const limiter = new KeyRateLimit(clock, options.rateLimit);

  /** Auth, then the per-key limit, then the handler; bad input becomes the system's 400/422. */
  const guarded = (handler: (req: SimRequest) => SimResponse): ((req: SimRequest) => SimResponse) => (req) => {
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key !== credentials.apiKey) return fail(401, 'unauthorized');
    const wait = limiter.retryAfterSeconds(key);
    if (wait !== undefined) return fail(429, 'too many requests', { 'retry-after': String(wait) });
    try {
      return handler(req);
    } catch (err) {
      if (err instanceof BadInput) return fail(err.status, err.message);
      throw err;
    }
  };

  const warningStatus: Filter<'warnings'> = (query) => {
    const status = query.get('status') ?? 'all';
    if (status === 'all') return ALL;
    if (status !== 'active') throw new BadInput(400, `status must be active or all: "${status}"`);
    const now = clock.now();
    const all = store.list('warnings').map((e) => e.record);
    const referring = new Map<string, typeof all>();
    for (const w of all) if (w.supersedesId !== null) referring.set(w.supersedesId, [...(referring.get(w.supersedesId) ?? []), w]);
    return (entry) => isActiveAt(entry.record, referring.get(entry.record.id) ?? [], now);
  };

  const listRoute = <C extends SimCollection>(path: string, collection: C, filters: Filter<C>[] = []): Route => ({
    method: 'GET',
    pattern: `${BASE}${path}`,
    handler: guarded((req) => {
      const q = req.query;
      const page = parsePositiveInt('page', q.get('page'), 1);
      const pageSize = parsePositiveInt('pageSize', q.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const since = q.get('updatedSince');
      const sinceMs = since === null ? null : parseIsoParam('updatedSince', since);
      const idsParam = q.get('ids');
      const ids = idsParam === null ? null : new Set(idsParam.split(',').map((s) => s.trim()).filter((s) => s !== ''));
      if (ids !== null && ids.size > MAX_IDS) throw new BadInput(400, `at most ${MAX_IDS} ids`);
      const tests = filters.map((f) => f(q)).filter((t) => t !== ALL);
      const keep = ids === null && tests.length === 0 ? null : (e: StoredRecord<C>): boolean => (ids === null || ids.has(e.record.sourceId)) && tests.every((t) => t(e));
      const selected = store.select(collection, { sinceMs, keep, offset: (page - 1) * pageSize, limit: pageSize });
      const items = selected.page.map((e) => renderStored(collection, e));
      return ok({ total: selected.total, page, pageSize, items });
    }),
  });

  const routes: Route[] = [
    listRoute('/warnings', 'warnings', [warningStatus]),
    {
      method: 'GET',
      pattern: `${BASE}/warnings/:id`,
      handler: guarded((req) => {
        const entry = store.get('warnings', req.params.id);
        return entry ? ok(renderStored('warnings', entry)) : fail(404, 'not found');
      }),
    },
    listRoute('/hazmat/enterprises', 'enterprises', [
      (q) => {
        const district = q.get('district');
        if (district === null) return ALL;
        const code = successorOf(district.trim());
        return (e) => e.record.divisionCode === code;
      },
    ]),
    listRoute('/hazmat/waybills', 'waybills', [
      (q) => {
        const status = q.get('status');
        if (status === null) return ALL;
        const wanted = decodeFilter('status', status, SH_WAYBILL_STATUS);
        return (e) => e.record.status === wanted;
      },
      (q) => {
        const plate = q.get('plate');
        if (plate === null) return ALL;
        const wanted = stripDot(plate);
        return (e) => e.record.plate === wanted;
      },
    ]),
    listRoute('/rescue/bases', 'bases', [
      (q) => {
        const capability = q.get('capability');
        if (capability === null) return ALL;
        const wanted = decodeFilter('capability', capability, SH_CAPABILITY);
        return (e) => e.record.capabilities.includes(wanted);
      },
    ]),
    {
      method: 'GET',
      pattern: `${BASE}/hazmat/vehicles/:plate/tracks`,
      handler: guarded((req) => {
        const from = req.query.get('from');
        const to = req.query.get('to');
        if (from === null || to === null) throw new BadInput(400, 'from and to are required');
        const fromMs = parseIsoParam('from', from);
        const toMs = parseIsoParam('to', to);
        if (fromMs > toMs) throw new BadInput(400, 'from is after to');
        const plate = req.params.plate.trim().toUpperCase();
        const points = store.trackPoints
          .filter((p) => p.plate === plate)
          .filter((p) => {
            const t = Date.parse(p.at);
            return t >= fromMs && t <= toMs;
          })
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .map(renderTrackPoint);
        return ok({ plate, points });
      }),
    },
    {
      method: 'POST',
      pattern: `${BASE}/rescue/requests`,
      handler: guarded((req) => {
        const key = req.headers['idempotency-key'];
        const answer = desk.submit(typeof key === 'string' ? key : undefined, req.body);
        return ok(answer.body, answer.status);
      }),
    },
    {
      method: 'GET',
      pattern: `${BASE}/rescue/requests/:requestId`,
      handler: guarded((req) => {
        const held = desk.get(req.params.requestId);
        return held ? ok({ requestId: held.requestId, status: held.status, updatedAt: held.updatedAt }) : fail(404, 'not found');
      }),
    },
  ];

  const adminRoutes: Route[] = [
    ...storeAdminRoutes(store),
    { method: 'GET', pattern: '/__sim/mutual-aid', handler: () => ok({ items: desk.all() }) },
    mutualAidStatusRoute((id, status) => desk.setStatus(id, status)),
    { method: 'GET', pattern: '/__sim/rate-limit', handler: () => ok({ rateLimit: limiter.current }) },
    {
      method: 'POST',
      pattern: '/__sim/rate-limit',
      handler: (req) => {
        const body = JSON.parse(req.body.toString('utf8') || '{}') as Partial<RateLimitSettings>;
        const valid = typeof body.limit === 'number' && body.limit >= 0 && typeof body.windowMs === 'number' && body.windowMs > 0;
        limiter.configure(valid ? { limit: body.limit as number, windowMs: body.windowMs as number } : null);
        return ok({ rateLimit: limiter.current });
      },
    },
  ];

  const spec: SimulatorSpec = {
    province,
    routes,
    adminRoutes,
    serverError: () => fail(500, 'internal server error'),
    malformed: () => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"total": 3, "page": 1, "items": [{"id": "SHW-' }),
    notFound: () => fail(404, 'not found'),
  };
  return new SimServer(spec, clock);
}
