import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import { createShanghaiSimulator } from '../../../simulators/shanghai';

/**
 * The Shanghai simulator against legacy-apis/shanghai.md, over real HTTP: what a client of the
 * real system would see, checked against the canonical data set.
 */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const KEY = 'sh-test-key';
export const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
export const sh = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'SH');
export const bad = dataset.bad.filter((b) => b.province === 'SH');
export const ISO_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

export type Json = Record<string, unknown>;
export interface Envelope {
  total: number;
  page: number;
  pageSize: number;
  items: Json[];
}

export let clock: SimClock;
export let sim: SimServer;
export let url: string;

export async function call(path: string, init: RequestInit & { key?: string | null } = {}): Promise<{ status: number; headers: Headers; text: string; json: () => Json }> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('x-api-key', init.key ?? KEY);
  const res = await fetch(`${url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Json };
}

export async function list(path: string): Promise<Envelope> {
  const res = await call(path);
  expect(res.status).toBe(200);
  return res.json() as unknown as Envelope;
}

/** Every item of a list, page by page, as a client of the real system pulls it. */
export async function listAll(path: string, pageSize = 500): Promise<Json[]> {
  const items: Json[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const env = await list(`${path}${sep}page=${page}&pageSize=${pageSize}`);
    items.push(...env.items);
    if (items.length >= env.total || env.items.length === 0) return items;
  }
}

export function post(path: string, body: unknown, idempotencyKey?: string, key?: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  return call(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers, key });
}

export const COLLECTION_PATHS = {
  warnings: '/api/v2/warnings',
  enterprises: '/api/v2/hazmat/enterprises',
  waybills: '/api/v2/hazmat/waybills',
  bases: '/api/v2/rescue/bases',
} as const;
export const ID_FIELD = { warnings: 'id', enterprises: 'id', waybills: 'waybillNo', bases: 'id' } as const;
export type Coll = keyof typeof COLLECTION_PATHS;
export const COLLS = Object.keys(COLLECTION_PATHS) as Coll[];

export const canonicalIds = (c: Coll): string[] => [
  ...sh(dataset[c] as { province: string; sourceId: string }[]).map((r) => r.sourceId),
  ...bad.filter((b) => b.collection === c).map((b) => b.record.sourceId),
];

export const setUp = async () => {
  clock = new SimClock(NOW);
  sim = createShanghaiSimulator({ dataset, clock, credentials: { apiKey: KEY } });
  url = await sim.listen(0);
};

export const tearDown = async () => {
  await sim.close();
};

export const afterEachTest = async () => {
  sim.faults.reset();
  await fetch(`${url}/__sim/rate-limit`, { method: 'POST', body: '{}' });
};
