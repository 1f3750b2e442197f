import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LegacyDataInvalidError, ProvinceUnavailableError } from '../kit/errors';

/** jsyj's `<Response><Code/><Message/><Total/><Data><Row/>…</Data></Response>`, read with every value kept as a string. */

export type XmlValue = string | XmlRecord | XmlValue[];
export interface XmlRecord {
  [element: string]: XmlValue | undefined;
}

export interface JsAnswer {
  code: string;
  message: string;
  total: number;
  rows: XmlRecord[];
}

/** Elements that repeat, so that one child still reads as a list. */
const REPEATED = new Set([
  'Response.Data.Row',
  'Response.Data.Row.CHEMICALS.CHEMICAL',
  'Response.Data.Row.ZDWXY_DYS.ZDWXY_DY',
  'Response.Data.Row.HWS.HW',
  'Response.Data.Row.DWS.DW',
  'Response.Data.Row.WZS.WZ',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

const isRecord = (v: XmlValue | undefined): v is XmlRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseAnswer(body: Buffer, endpoint: string): JsAnswer {
  const malformed = (why: string): ProvinceUnavailableError =>
    ProvinceUnavailableError.unavailable('JS', `JS ${endpoint}: malformed answer (${why})`, endpoint);
  const xml = body.toString('utf8');
  if (XMLValidator.validate(xml) !== true) throw malformed('not well-formed XML');
  const doc = parser.parse(xml) as XmlRecord;
  const response = doc.Response;
  if (!isRecord(response)) throw malformed('no <Response>');
  const code = typeof response.Code === 'string' ? response.Code.trim() : '';
  if (!/^\d+$/.test(code)) throw malformed('no <Code>');
  const totalText = typeof response.Total === 'string' ? response.Total.trim() : '';
  const data = response.Data;
  const rows = isRecord(data) && Array.isArray(data.Row) ? data.Row.filter(isRecord) : [];
  if (totalText !== '' && !/^\d+$/.test(totalText)) throw malformed(`<Total> "${totalText}"`);
  return {
    code,
    message: typeof response.Message === 'string' ? response.Message : '',
    total: totalText === '' ? rows.length : Number(totalText),
    rows,
  };
}

/** An element's text, trimmed; null when absent or empty (how jsyj writes "none"). */
export function text(row: XmlRecord, name: string): string | null {
  const v = row[name];
  if (v === undefined) return null;
  if (typeof v !== 'string') throw new LegacyDataInvalidError(`${name} is not a text element`);
  const t = v.trim();
  return t === '' ? null : t;
}

export function requiredText(row: XmlRecord, name: string): string {
  const t = text(row, name);
  if (t === null) throw new LegacyDataInvalidError(`missing ${name}`);
  return t;
}

/** The repeated `child` elements under `parent` (`<HWS><HW/>…</HWS>`); none when the parent is empty or absent. */
export function children(row: XmlRecord, parent: string, child: string): XmlRecord[] {
  const p = row[parent];
  if (p === undefined || (typeof p === 'string' && p.trim() === '')) return [];
  if (!isRecord(p)) throw new LegacyDataInvalidError(`${parent} is not a list of ${child}`);
  const items = p[child];
  if (items === undefined) return [];
  const list = Array.isArray(items) ? items : [items];
  if (!list.every(isRecord)) throw new LegacyDataInvalidError(`${parent}/${child} is not an element with children`);
  return list as XmlRecord[];
}
