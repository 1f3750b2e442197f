import type { SimulatorOptions } from '../common/options';
import { SimServer, type Handler, type Route, type SimRequest, type SimResponse, type SimulatorSpec } from '../common/sim-server';
import { SimStore, storeAdminRoutes, type SimCollection, type StoredRecord } from '../common/store';
import { activeWarningIds } from '../dataset';
import { SlidingWindowLimiter, TokenIssuer } from './access';
import { AH_MUTUAL_AID_STATUS } from './codes';
import { AH_CODES, fail, notFound, ok, overloaded, parameterError, tokenInvalid, tooManyRequests, truncated, gbkJson } from './envelope';
import { secondsForm, parseSecondsForm } from './format';
import { FormNotGbk, parseForm } from './form';
import { AddRefused, MutualAidBook, type AhMutualAidRequest } from './mutual-aid';
import { mutualAidStatusRoute } from '../common/mutual-aid-admin';
import { renderBase, renderEnterprise, renderTrackPoint, renderWarning, renderWaybill, type AhRow } from './render';

/**
 * 安徽应急管理综合平台 (ahyj) as legacy-apis/anhui.md describes it: GBK JSON envelopes with errors
 * inside HTTP 200, a login token in the query string (2 h on the simulated clock), 5 requests a
 * second per token, pages of at most 50 ordered by GXSJ then id, `kssj` pulls, one-record
 * `detail` reads, and a mutual-aid write without idempotency.
 */

const API = '/ahyj/api';
export const AH_PAGE_SIZE_MAX = 50;
const PAGE_SIZE_DEFAULT = 20;

class BadParameter extends Error {}

interface Paging {
  pageNo: number;
  pageSize: number;
}

function paging(q: URLSearchParams): Paging {
  const int = (name: string, fallback: number): number => {
    const raw = q.get(name);
    if (raw === null || raw.trim() === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) throw new BadParameter(`${name}必须是正整数`);
    return Number(raw.trim());
  };
  const pageNo = int('pageNo', 1);
  const pageSize = int('pageSize', PAGE_SIZE_DEFAULT);
  if (pageNo < 1) throw new BadParameter('pageNo从1开始');
  if (pageSize < 1 || pageSize > AH_PAGE_SIZE_MAX) throw new BadParameter(`pageSize应在1到${AH_PAGE_SIZE_MAX}之间`);
  return { pageNo, pageSize };
}

/** `kssj`/`jssj` as epoch ms, null when absent. */
function timeParam(q: URLSearchParams, name: string): number | null {
  const raw = q.get(name);
  if (raw === null || raw.trim() === '') return null;
  const t = parseSecondsForm(raw.trim());
  if (Number.isNaN(t)) throw new BadParameter(`${name}格式应为yyyy-MM-dd HH:mm:ss`);
  return t;
}

function page(rows: AhRow[], p: Paging): SimResponse {
  const start = (p.pageNo - 1) * p.pageSize;
  return ok({ total: rows.length, rows: rows.slice(start, start + p.pageSize) });
}

type Renderer<C extends SimCollection> = (entry: StoredRecord<C>) => AhRow;

export function createAnhuiSimulator(options: SimulatorOptions<'AH'>): SimServer {
  const { dataset, clock, credentials } = options;
  const store = options.store ?? new SimStore(dataset, 'AH', clock);
  const tokens = new TokenIssuer(clock);
  const limiter = new SlidingWindowLimiter(5, 1000);
  const book = new MutualAidBook(dataset);

  /** Rate limit, then token, then the handler; bad parameters answer 1002 in the envelope. */
  const authed = (handler: Handler): Handler => async (req: SimRequest) => {
    const token = req.query.get('token');
    if (token && !limiter.admit(token)) return tooManyRequests();
    if (!tokens.valid(token)) return tokenInvalid();
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof BadParameter) return parameterError(err.message);
      throw err;
    }
  };

  /** A page of a list since `kssj`; `total` counts every record it selects. */
  const listed = <C extends SimCollection>(c: C, req: SimRequest, render: Renderer<C>, filter: ((e: StoredRecord<C>) => boolean) | null = null): SimResponse => {
    const p = paging(req.query);
    const selected = store.select(c, { sinceMs: timeParam(req.query, 'kssj'), keep: filter, offset: (p.pageNo - 1) * p.pageSize, limit: p.pageSize });
    return ok({ total: selected.total, rows: selected.page.map(render) });
  };

  const list = <C extends SimCollection>(c: C, render: Renderer<C>): Handler => authed((req) => listed(c, req, render));

  const detail = <C extends SimCollection>(c: C, param: string, render: Renderer<C>, idCheck: RegExp = /\S/): Handler =>
    authed((req) => {
      const id = (req.query.get(param) ?? '').trim();
      if (!idCheck.test(id)) throw new BadParameter(`${param}无效`);
      const entry = store.get(c, id);
      return entry ? ok(render(entry)) : notFound();
    });

  const warningFilter = (req: SimRequest): ((e: StoredRecord<'warnings'>) => boolean) | null => {
    const yxzt = (req.query.get('yxzt') ?? '').trim();
    if (yxzt === '') return null;
    if (yxzt !== '1' && yxzt !== '0') throw new BadParameter('yxzt只能是1或0');
    const active = activeWarningIds(store.list('warnings').map((e) => e.record), clock.now());
    return (e) => active.has(e.record.id) === (yxzt === '1');
  };

  const warning: Renderer<'warnings'> = (e) => renderWarning(e.record, e.defect);
  const enterprise: Renderer<'enterprises'> = (e) => renderEnterprise(e.record, e.defect);
  const waybill: Renderer<'waybills'> = (e) => renderWaybill(e.record, e.defect);
  const base: Renderer<'bases'> = (e) => renderBase(e.record, e.defect);

  const mutualAidRow = (r: AhMutualAidRequest): AhRow => ({
    QQBH: r.qqbh, JDBH: r.jdbh, QQSF: r.qqsf, SJBT: r.sjbt, ZT: AH_MUTUAL_AID_STATUS[r.status], BZ: r.remark,
    TJSJ: secondsForm(r.submittedAt), GXSJ: secondsForm(r.updatedAt),
  });

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: `${API}/login`,
      handler: (req) => {
        let form: Map<string, string>;
        try {
          form = parseForm(req.body);
        } catch (err) {
          if (err instanceof FormNotGbk) return parameterError(err.message);
          throw err;
        }
        const user = form.get('user') ?? '';
        const pwd = form.get('pwd') ?? '';
        if (user === '' || pwd === '') return parameterError('user和pwd不能为空');
        if (user !== credentials.user || pwd !== credentials.password) return fail(AH_CODES.TOKEN_INVALID, '用户名或密码错误');
        const { token, expiresAt } = tokens.issue();
        return ok({ token, expire: secondsForm(expiresAt.toISOString()) });
      },
    },
    {
      method: 'GET',
      pattern: `${API}/yjxx/list`,
      handler: authed((req) => listed('warnings', req, warning, warningFilter(req))),
    },
    { method: 'GET', pattern: `${API}/yjxx/detail`, handler: detail('warnings', 'id', warning, /^\d{1,15}$/) },
    { method: 'GET', pattern: `${API}/whp/qyxx/list`, handler: list('enterprises', enterprise) },
    { method: 'GET', pattern: `${API}/whp/qyxx/detail`, handler: detail('enterprises', 'qybh', enterprise) },
    { method: 'GET', pattern: `${API}/whp/ydxx/list`, handler: list('waybills', waybill) },
    { method: 'GET', pattern: `${API}/whp/ydxx/detail`, handler: detail('waybills', 'ydbh', waybill) },
    {
      method: 'GET',
      pattern: `${API}/whp/clgj`,
      handler: authed((req) => {
        const plate = (req.query.get('cphm') ?? '').trim();
        if (plate === '') throw new BadParameter('cphm不能为空');
        const from = timeParam(req.query, 'kssj');
        const to = timeParam(req.query, 'jssj');
        const p = paging(req.query);
        const points = store.trackPoints
          .filter((pt) => pt.plate === plate)
          .filter((pt) => (from === null || Date.parse(pt.at) >= from) && (to === null || Date.parse(pt.at) <= to))
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        return page(points.map(renderTrackPoint), p);
      }),
    },
    { method: 'GET', pattern: `${API}/jydw/jdxx/list`, handler: list('bases', base) },
    { method: 'GET', pattern: `${API}/jydw/jdxx/detail`, handler: detail('bases', 'jdbh', base) },
    {
      method: 'POST',
      pattern: `${API}/jydw/zyqq/add`,
      handler: authed((req) => {
        try {
          const created = book.add(parseForm(req.body), (jdbh) => store.get('bases', jdbh)?.record, clock.now());
          return ok({ qqbh: created.qqbh });
        } catch (err) {
          if (err instanceof AddRefused) return err.code === 1004 ? notFound(err.message) : parameterError(err.message);
          if (err instanceof FormNotGbk) return parameterError(err.message);
          throw err;
        }
      }),
    },
    {
      method: 'GET',
      pattern: `${API}/jydw/zyqq/list`,
      handler: authed((req) => {
        const p = paging(req.query);
        const jdbh = (req.query.get('jdbh') ?? '').trim();
        const kssj = timeParam(req.query, 'kssj');
        const rows = book
          .all()
          .filter((r) => (jdbh === '' || r.jdbh === jdbh) && (kssj === null || Date.parse(r.updatedAt) >= kssj))
          .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.qqbh < b.qqbh ? -1 : a.qqbh > b.qqbh ? 1 : 0));
        return page(rows.map(mutualAidRow), p);
      }),
    },
    {
      method: 'GET',
      pattern: `${API}/jydw/zyqq/detail`,
      handler: authed((req) => {
        const r = book.get((req.query.get('qqbh') ?? '').trim());
        return r ? ok({ QQBH: r.qqbh, ZT: AH_MUTUAL_AID_STATUS[r.status], GXSJ: secondsForm(r.updatedAt) }) : notFound('请求不存在');
      }),
    },
  ];

  const json = (value: unknown): SimResponse => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) });
  const spec: SimulatorSpec = {
    province: 'AH',
    routes,
    serverError: overloaded,
    malformed: truncated,
    notFound: () => gbkJson({ code: AH_CODES.NOT_FOUND, msg: '接口不存在', data: null }),
    adminRoutes: [
      ...storeAdminRoutes(store),
      { method: 'GET', pattern: '/__sim/mutual-aid', handler: () => json(book.all()) },
      mutualAidStatusRoute((id, status) => book.setStatus(id, status, clock.now())),
      { method: 'GET', pattern: '/__sim/throttled', handler: () => json({ total: limiter.refused }) },
      { method: 'GET', pattern: '/__sim/rate-limit', handler: () => json(limiter.current) },
      {
        method: 'POST',
        pattern: '/__sim/rate-limit',
        handler: (req) => {
          const body = JSON.parse(req.body.toString('utf8') || '{}') as { limit?: unknown; windowMs?: unknown };
          if (typeof body.limit === 'number' && body.limit >= 1 && typeof body.windowMs === 'number' && body.windowMs > 0) limiter.configure(body.limit, body.windowMs);
          return json(limiter.current);
        },
      },
    ],
  };
  return new SimServer(spec, clock);
}
