import iconv from 'iconv-lite';
import type { GeoPoint } from '../../../schema/model';
import { createAnhuiSimulator } from '../../../simulators/anhui';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';

export const NOW = new Date('2026-07-12T04:00:00Z');
export const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
export const credentials = { user: 'demo', password: 'demo-ah-password' };
export const API = '/ahyj/api';

export type Row = Record<string, unknown>;
export interface Envelope {
  code: number;
  msg: string;
  data: unknown;
}
export interface Answer {
  status: number;
  headers: Headers;
  raw: Buffer;
  body: Envelope;
}
export interface Page {
  total: number;
  rows: Row[];
}

export let clock: SimClock;
export let sim: SimServer;
export let base: string;

export type HeldRecord = { province: string; sourceId: string; updatedAt: string };
export const ah = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'AH');
export const bad = (collection: string) => dataset.bad.filter((b) => b.province === 'AH' && b.collection === collection);
export const byListOrder = (a: { updatedAt: string; sourceId: string }, b: { updatedAt: string; sourceId: string }): number =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);
export const held = (collection: 'warnings' | 'enterprises' | 'waybills' | 'bases') =>
  [...(ah(dataset[collection] as readonly HeldRecord[]) as { updatedAt: string; sourceId: string }[]), ...bad(collection).map((b) => b.record)].sort(byListOrder);

export function gbkForm(fields: Record<string, string>): Buffer {
  const esc = (v: string): string => [...iconv.encode(v, 'gbk')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return Buffer.from(Object.entries(fields).map(([k, v]) => `${k}=${esc(v)}`).join('&'), 'latin1');
}

export async function send(method: 'GET' | 'POST', path: string, query: Record<string, string | number> = {}, form?: Record<string, string>): Promise<Answer> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await fetch(`${base}${path}${qs ? `?${qs}` : ''}`, {
    method,
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded; charset=GBK' } : undefined,
    body: form ? gbkForm(form) : undefined,
  });
  const raw = Buffer.from(await res.arrayBuffer());
  let body: Envelope = { code: NaN, msg: '', data: null };
  try {
    body = JSON.parse(iconv.decode(raw, 'gbk')) as Envelope;
  } catch {
    // not JSON: the caller looks at raw
  }
  return { status: res.status, headers: res.headers, raw, body };
}

export async function login(): Promise<string> {
  const a = await send('POST', `${API}/login`, {}, { user: credentials.user, pwd: credentials.password });
  expect(a.body.code).toBe(0);
  return (a.body.data as { token: string }).token;
}

/** The limit is 5 requests a second per token, so the conformance walk spreads its reads over a pool of tokens. */
export let pool: string[] = [];

/** Tests that expire the tokens make the next call log in afresh. */
export function forgetTokens(): void {
  pool = [];
}

/** Logs the pool in before tests that inject faults or count calls, as the tests before them did in one file. */
export async function fillTokenPool(): Promise<void> {
  if (pool.length === 0) pool = await Promise.all(Array.from({ length: 20 }, () => login()));
}

export let turn = 0;
export async function call(path: string, query: Record<string, string | number> = {}): Promise<Answer> {
  if (pool.length === 0) pool = await Promise.all(Array.from({ length: 20 }, () => login()));
  for (;;) {
    const a = await send('GET', `${API}${path}`, { ...query, token: pool[turn++ % pool.length] });
    if (a.status !== 429) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function all(path: string, query: Record<string, string | number> = {}): Promise<{ total: number; rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let total = 0;
  let pages = 0;
  for (let pageNo = 1; ; pageNo++) {
    const a = await call(path, { ...query, pageNo, pageSize: 50 });
    expect(a.body.code).toBe(0);
    const page = a.body.data as Page;
    pages++;
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length < 50) break;
  }
  return { total, rows, pages };
}

export const admin = async (path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
};

export const BOTH_TIME_FORMS = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})$/;
export const DMS_LNG = /^\d{1,3}°\d{2}'\d{2}\.\d{2}"E$/;
export const DMS_LAT = /^\d{1,2}°\d{2}'\d{2}\.\d{2}"N$/;

export function metres(a: GeoPoint, b: GeoPoint): number {
  const k = 111_320;
  return Math.hypot((a.lng - b.lng) * k * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * k);
}

export const setUp = async () => {
  clock = new SimClock(NOW);
  sim = createAnhuiSimulator({ dataset, clock, credentials });
  base = await sim.listen(0);
};

export const tearDown = async () => {
  await sim.close();
};

export const afterEachTest = async () => {
  await admin('/__sim/faults/reset', {});
};
