import type { SimResponse } from '../common/sim-server';

/** jsyj's XML: rows as ordered fields, the `<Response>` envelope, and its result codes. */

/** Already-serialised child elements (e.g. `<CHEMICAL>…</CHEMICAL>` repeated). */
export interface XmlChildren {
  children: string[];
}

/** One `<Row>`: element name → text (null: an empty element), or nested children. Insertion order is element order. */
export type XmlRow = Record<string, string | null | XmlChildren>;

export const JS_CODES = {
  OK: '0',
  SIGNATURE_REFUSED: '401',
  NOT_FOUND: '404',
  DUPLICATE_REQUEST: '2001',
  INVALID_PARAMETER: '3001',
  INTERNAL_ERROR: '5000',
} as const;

export type JsCode = (typeof JS_CODES)[keyof typeof JS_CODES];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `<NAME>text</NAME>`, or `<NAME/>` for an empty value (the system's way of writing "none"). */
export function element(name: string, value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`;
}

export function parent(name: string, children: readonly string[]): string {
  return children.length === 0 ? `<${name}/>` : `<${name}>${children.join('')}</${name}>`;
}

export function serialiseRow(row: XmlRow, name = 'Row'): string {
  const inner = Object.entries(row).map(([k, v]) => (v !== null && typeof v === 'object' ? parent(k, v.children) : element(k, v)));
  return parent(name, inner);
}

const XML_HEADERS = { 'content-type': 'application/xml; charset=UTF-8' };

/** Every answer: HTTP 200 and the envelope, whatever the code. */
export function envelope(code: JsCode, message: string, rows: readonly XmlRow[] = [], total = rows.length): SimResponse {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Response>${element('Code', code)}${element('Message', message)}${element('Total', String(total))}` +
    `${parent('Data', rows.map((r) => serialiseRow(r)))}</Response>`;
  return { status: 200, headers: XML_HEADERS, body };
}

export const ok = (rows: readonly XmlRow[], total = rows.length): SimResponse => envelope(JS_CODES.OK, '成功', rows, total);
export const invalidParameter = (what: string): SimResponse => envelope(JS_CODES.INVALID_PARAMETER, `参数错误：${what}`);
export const signatureRefused = (): SimResponse => envelope(JS_CODES.SIGNATURE_REFUSED, '签名错误');
export const notFoundAnswer = (what: string): SimResponse => envelope(JS_CODES.NOT_FOUND, `${what}不存在`);

/** The server itself broke: the only time jsyj answers 5xx. */
export function internalError(): SimResponse {
  const body = '<?xml version="1.0" encoding="UTF-8"?><Response><Code>5000</Code><Message>系统内部错误</Message><Total>0</Total><Data/></Response>';
  return { status: 500, headers: XML_HEADERS, body };
}

/** An answer cut off mid-element, as a dropped upstream connection leaves it. */
export function truncatedAnswer(): SimResponse {
  return { status: 200, headers: XML_HEADERS, body: '<?xml version="1.0" encoding="UTF-8"?><Response><Code>0</Code><Message>成功</Message><Total>3</Total><Data><Row><WARN_ID>JSW20260' };
}
