import gcoord from 'gcoord';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import type { CanonicalDataset } from '../../../simulators/dataset/types';
import { createZhejiangSimulator } from '../../../simulators/zhejiang';

/** 浙里急 (legacy-apis/zhejiang.md), spoken to over real HTTP exactly as its document says. */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const CREDENTIALS = { clientId: 'demo-zj-client', clientSecret: 'demo-zj-secret' };
export const LISTS = {
  warnings: '/zlj/open/yj/list',
  enterprises: '/zlj/open/whp/qy/list',
  waybills: '/zlj/open/whp/yd/list',
  bases: '/zlj/open/jy/jd/list',
} as const;
export type Listed = keyof typeof LISTS;
export type Json = Record<string, unknown>;
export const ID_FIELD: Record<Listed, string> = { warnings: 'yjid', enterprises: 'qyid', waybills: 'ydh', bases: 'jdid' };

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export let dataset: CanonicalDataset;
export let clock: SimClock;
export let sim: SimServer;
export let url: string;

export async function call(method: string, path: string, init: { token?: string; body?: string; type?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(`${url}${path}`, { method, headers, body: init.body });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // left empty: the malformed-body test reads `text`
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

export async function tokenFor(credentials = CREDENTIALS): Promise<Answer> {
  return call('POST', '/zlj/open/oauth/token', {
    type: 'application/x-www-form-urlencoded',
    body: form({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
  });
}

export async function token(): Promise<string> {
  return (await tokenFor()).json.access_token as string;
}

/** Every page of a list, in order, with a fresh token. */
export async function pullAll(list: Listed, query = '', limit = 100): Promise<{ records: Json[]; pages: number }> {
  const t = await token();
  const records: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = cursor === null ? `limit=${limit}${query}` : `limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
    const page = await call('GET', `${LISTS[list]}?${q}`, { token: t });
    expect(page.status).toBe(200);
    const data = page.json.data as Json[];
    expect(data.length).toBeLessThanOrEqual(limit);
    records.push(...data);
    cursor = page.json.nextCursor as string | null;
    pages++;
  } while (cursor !== null);
  return { records, pages };
}

export const zj = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'ZJ');
export const badOf = (c: Listed) => dataset.bad.filter((b) => b.province === 'ZJ' && b.collection === c);
/** Every record the system holds in a list: the good ones of ZJ and the defective ones. */
export const held = <C extends Listed>(c: C): CanonicalDataset[C] =>
  [...zj(dataset[c] as { province: ProvinceCode }[]), ...badOf(c).map((b) => b.record)] as CanonicalDataset[C];
export const heldIds = (c: Listed): string[] => held(c).map((r) => r.sourceId);

export function metresBetween(a: GeoPoint, b: GeoPoint): number {
  const dy = (a.lat - b.lat) * 110_540;
  const dx = (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}
export const bdToWgs = (lng: number, lat: number): GeoPoint => {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.BD09, gcoord.WGS84);
  return { lng: x, lat: y };
};
export const wgsToBd = (p: GeoPoint): [number, number] => gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.BD09);

export const setUp = async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  clock = new SimClock(NOW);
  sim = createZhejiangSimulator({ dataset, clock, credentials: CREDENTIALS });
  url = await sim.listen(0);
};

export const tearDown = async () => {
  await sim.close();
};
