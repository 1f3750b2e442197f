import { createHmac } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import gcoord from 'gcoord';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { type CanonicalDataset } from '../../../simulators/dataset';
import { loadDataset } from '../../support/test-dataset';
import { createJiangsuSimulator } from '../../../simulators/jiangsu';

/**
 * The jsyj simulator against legacy-apis/jiangsu.md, over real HTTP: every request signed here
 * from the document's recipe (HMAC-SHA256 of appId\ntimestamp\npath), every answer read as XML.
 */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const APP = { appId: 'test-js-app', appSecret: 'test-js-secret' };
export const BASE = '/jsyj/services';

export type Row = Record<string, unknown>;
export interface Answer {
  status: number;
  body: string;
  code: string;
  message: string;
  total: number;
  rows: Row[];
}

export const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (_n, jpath) => ['Response.Data.Row', 'Response.Data.Row.CHEMICALS.CHEMICAL', 'Response.Data.Row.HWS.HW', 'Response.Data.Row.DWS.DW', 'Response.Data.Row.WZS.WZ'].includes(String(jpath)),
});

export let dataset: CanonicalDataset;
export let clock: SimClock;
export let sim: SimServer;
export let url: string;

export const mine = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'JS');

export function sign(path: string, at: Date = clock.now(), app = APP): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const sig = createHmac('sha256', app.appSecret).update(`${app.appId}\n${timestamp}\n${path}`).digest('hex');
  return { 'X-App-Id': app.appId, 'X-Timestamp': timestamp, 'X-Sign': sig };
}

export function read(status: number, body: string): Answer {
  expect(XMLValidator.validate(body)).toBe(true);
  const r = (parser.parse(body) as { Response: { Code: string; Message: string; Total: string; Data: { Row?: Row[] } | '' } }).Response;
  return { status, body, code: r.Code, message: r.Message, total: Number(r.Total), rows: typeof r.Data === 'object' ? r.Data.Row ?? [] : [] };
}

export async function call(operation: string, query: Record<string, string | number> = {}, headers?: Record<string, string>): Promise<Answer> {
  const path = `${BASE}/${operation}`;
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await fetch(`${url}${path}${qs ? `?${qs}` : ''}`, { headers: headers ?? sign(path) });
  return read(res.status, await res.text());
}

export async function submit(xml: string): Promise<Answer> {
  const path = `${BASE}/RescueService/requestSubmit`;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { ...sign(path), 'Content-Type': 'application/xml; charset=UTF-8' }, body: xml });
  return read(res.status, await res.text());
}

export async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}

/** Every row of a list, paged at the largest page the document allows. */
export async function everything(operation: string, query: Record<string, string> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 200) {
    const a = await call(operation, { ...query, offset, limit: 200 });
    expect(a.code).toBe('0');
    rows.push(...a.rows);
    if (offset + 200 >= a.total) return rows;
  }
}

export const beijing14 = (iso: string): string => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return d.slice(0, 19).replace(/[-T:]/g, '');
};
export const fromBeijing14 = (t: string): number =>
  Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+08:00`);
export const toGcj = (p: GeoPoint): [number, number] => gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
export const metres = (a: GeoPoint, b: GeoPoint): number =>
  Math.hypot((a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

export const setUp = async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  clock = new SimClock(NOW);
  sim = createJiangsuSimulator({ dataset, clock, credentials: APP });
  url = await sim.listen(0);
};

export const tearDown = async () => {
  await sim.close();
};
