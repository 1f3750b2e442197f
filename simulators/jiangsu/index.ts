import type { WarningRecord } from '../../schema/model';
import type { SimulatorOptions } from '../common/options';
import { SimServer, type Handler, type Route, type SimRequest, type SimResponse, type SimulatorSpec } from '../common/sim-server';
import { SimStore, storeAdminRoutes, type SimCollection, type StoredRecord } from '../common/store';
import { CAPABILITY, decode, parseJsTime, WAYBILL_STATUS } from './codes';
import { JiangsuMutualAidDesk } from './mutual-aid';
import { mutualAidStatusRoute } from '../common/mutual-aid-admin';
import { renderStored, trackRow } from './render';
import { signatureProblem } from './signature';
import { envelope, internalError, invalidParameter, JS_CODES, ok, signatureRefused, truncatedAnswer } from './xml';

/** 江苏应急综合业务系统 (jsyj), simulated from the canonical data set as legacy-apis/jiangsu.md describes it. */

export const JS_BASE_PATH = '/jsyj/services';
export const JS_MAX_LIMIT = 200;
export const JS_DEFAULT_LIMIT = 20;
export const JS_MAX_BATCH = 50;

type Predicate<C extends SimCollection> = (s: StoredRecord<C>) => boolean;
/** A list's own filters from the query: a predicate (null: none asked), or the answer that refuses them. */
type FilterFromQuery<C extends SimCollection> = (query: URLSearchParams) => Predicate<C> | null | SimResponse;

const isAnswer = (v: unknown): v is SimResponse => typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

function paging(query: URLSearchParams): { offset: number; limit: number; since: number | null } | SimResponse {
  const offsetText = query.get('offset') ?? '0';
  const limitText = query.get('limit') ?? String(JS_DEFAULT_LIMIT);
  if (!/^\d{1,9}$/.test(offsetText)) return invalidParameter('offset');
  if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > JS_MAX_LIMIT) return invalidParameter(`limit（1-${JS_MAX_LIMIT}）`);
  const sinceText = query.get('since');
  let since: number | null = null;
  if (sinceText !== null && sinceText !== '') {
    since = parseJsTime(sinceText);
    if (since === null) return invalidParameter('since（yyyyMMddHHmmss）');
  }
  return { offset: Number(offsetText), limit: Number(limitText), since };
}

/** active=1: not expired and not cancelled, at the system's now (the document's definition, no more). */
function activeFilter(store: SimStore, now: () => Date): FilterFromQuery<'warnings'> {
  return (query) => {
    const active = query.get('active');
    if (active === null || active === '' || active === '0') return null;
    if (active !== '1') return invalidParameter('active');
    const t = now().getTime();
    const warnings = store.list('warnings').map((s) => s.record);
    const cancelledAt = new Map<string, number>();
    for (const w of warnings) {
      if (w.messageType === 'CANCEL' && w.supersedesId) {
        cancelledAt.set(w.supersedesId, Math.min(cancelledAt.get(w.supersedesId) ?? Infinity, Date.parse(w.issuedAt)));
      }
    }
    const inForce = (w: WarningRecord): boolean =>
      w.messageType !== 'CANCEL' && (w.expiresAt === null || Date.parse(w.expiresAt) > t) && !((cancelledAt.get(w.id) ?? Infinity) <= t);
    return (s) => inForce(s.record);
  };
}

const statusFilter: FilterFromQuery<'waybills'> = (query) => {
  const code = query.get('status');
  if (code === null || code === '') return null;
  const status = decode(WAYBILL_STATUS, code);
  return status === undefined ? invalidParameter('status') : (s) => s.record.status === status;
};

const capabilityFilter: FilterFromQuery<'bases'> = (query) => {
  const code = query.get('nl');
  if (code === null || code === '') return null;
  const capability = decode(CAPABILITY, code);
  return capability === undefined ? invalidParameter('nl') : (s) => s.record.capabilities.includes(capability);
};

export function createJiangsuSimulator(options: SimulatorOptions<'JS'>): SimServer {
  const { dataset, clock, credentials } = options;
  const store = options.store ?? new SimStore(dataset, 'JS', clock);
  const desk = new JiangsuMutualAidDesk(store, clock, dataset.mutualAidRequests);

  const signed = (handler: Handler): Handler => (req: SimRequest) =>
    signatureProblem(req.headers, req.path, credentials, clock.now()) === null ? handler(req) : signatureRefused();

  const list = <C extends SimCollection>(collection: C, filter: FilterFromQuery<C> = () => null): Handler =>
    signed((req) => {
      const page = paging(req.query);
      if (isAnswer(page)) return page;
      const own = filter(req.query);
      if (isAnswer(own)) return own;
      const selected = store.select(collection, { sinceMs: page.since, keep: own, offset: page.offset, limit: page.limit });
      return ok(selected.page.map((s) => renderStored(collection, s)), selected.total);
    });

  const get = <C extends SimCollection>(collection: C): Handler =>
    signed((req) => {
      const ids = [...new Set((req.query.get('ids') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))];
      if (ids.length === 0) return invalidParameter('ids');
      if (ids.length > JS_MAX_BATCH) return invalidParameter(`ids（最多${JS_MAX_BATCH}个）`);
      const found = ids.map((id) => store.get(collection, id)).filter((s): s is StoredRecord<C> => s !== undefined);
      return ok(found.map((s) => renderStored(collection, s)));
    });

  const track: Handler = signed((req) => {
    const plate = (req.query.get('cph') ?? '').trim();
    if (!plate) return invalidParameter('cph');
    const start = parseJsTime(req.query.get('start') ?? '');
    const end = parseJsTime(req.query.get('end') ?? '');
    if (start === null) return invalidParameter('start（yyyyMMddHHmmss）');
    if (end === null) return invalidParameter('end（yyyyMMddHHmmss）');
    const points = store.trackPoints
      .filter((p) => p.plate === plate && Date.parse(p.at) >= start && Date.parse(p.at) <= end)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return ok(points.map(trackRow));
  });

  const route = (method: Route['method'], operation: string, handler: Handler): Route => ({ method, pattern: `${JS_BASE_PATH}/${operation}`, handler });

  const spec: SimulatorSpec = {
    province: 'JS',
    routes: [
      route('GET', 'WarningService/list', list('warnings', activeFilter(store, () => clock.now()))),
      route('GET', 'WarningService/get', get('warnings')),
      route('GET', 'HazardService/enterpriseList', list('enterprises')),
      route('GET', 'HazardService/enterpriseGet', get('enterprises')),
      route('GET', 'TransportService/waybillList', list('waybills', statusFilter)),
      route('GET', 'TransportService/waybillGet', get('waybills')),
      route('GET', 'TransportService/track', track),
      route('GET', 'RescueService/baseList', list('bases', capabilityFilter)),
      route('GET', 'RescueService/baseGet', get('bases')),
      route('POST', 'RescueService/requestSubmit', signed((req) => desk.submit(req.body))),
      route('GET', 'RescueService/requestGet', signed((req) => desk.get(req.query.get('sqId')))),
    ],
    serverError: internalError,
    malformed: truncatedAnswer,
    notFound: (req) => envelope(JS_CODES.NOT_FOUND, `接口不存在：${req.method} ${req.path}`),
    adminRoutes: [
      ...storeAdminRoutes(store),
      {
        method: 'GET',
        pattern: '/__sim/mutual-aid',
        handler: () => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(desk.all()) }),
      },
      mutualAidStatusRoute((id, status) => desk.setStatus(id, status)),
    ],
  };
  return new SimServer(spec, clock);
}
