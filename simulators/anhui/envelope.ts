import iconv from 'iconv-lite';
import type { SimResponse } from '../common/sim-server';

/** ahyj's answers: GBK JSON in a {code, msg, data} envelope, errors inside HTTP 200, HTML from the front server. */

export const AH_CODES = { OK: 0, TOKEN_INVALID: 1001, PARAMETER_ERROR: 1002, NOT_FOUND: 1004, INTERNAL_ERROR: 9999 } as const;
export type AhCode = (typeof AH_CODES)[keyof typeof AH_CODES];

const GBK_JSON = 'application/json; charset=GBK';

export function gbkJson(value: unknown, status = 200): SimResponse {
  return { status, headers: { 'content-type': GBK_JSON }, body: iconv.encode(JSON.stringify(value), 'gbk') };
}

export function ok(data: unknown): SimResponse {
  return gbkJson({ code: AH_CODES.OK, msg: '成功', data });
}

export function fail(code: Exclude<AhCode, 0>, msg: string): SimResponse {
  return gbkJson({ code, msg, data: null });
}

export const tokenInvalid = (): SimResponse => fail(AH_CODES.TOKEN_INVALID, '令牌无效');
export const parameterError = (msg: string): SimResponse => fail(AH_CODES.PARAMETER_ERROR, `参数错误：${msg}`);
export const notFound = (msg = '记录不存在'): SimResponse => fail(AH_CODES.NOT_FOUND, msg);

function html(status: number, title: string, extra: Record<string, string> = {}): SimResponse {
  const page = `<!DOCTYPE html><html><head><meta charset="GBK"><title>${status} ${title}</title></head>` +
    `<body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=GBK', ...extra }, body: iconv.encode(page, 'gbk') };
}

/** What the front server answers when the application is overloaded: an HTML page, not JSON. */
export const overloaded = (): SimResponse => html(503, 'Service Temporarily Unavailable');

export const tooManyRequests = (): SimResponse => html(429, 'Too Many Requests', { 'retry-after': '1' });

/** An envelope cut off mid-record, as a dropped connection behind the front server leaves it. */
export function truncated(): SimResponse {
  const whole = iconv.encode(JSON.stringify({ code: 0, msg: '成功', data: { total: 2, rows: [{ ID: 20260712045, BT: '合肥市暴雨橙色预警' }] } }), 'gbk');
  return { status: 200, headers: { 'content-type': GBK_JSON }, body: whole.subarray(0, Math.floor(whole.length * 0.6)) };
}
