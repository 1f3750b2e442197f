import { AnhuiAdapter } from '../../../adapters/anhui';
import type { HttpTuning } from '../../../adapters/kit/adapter-options';
import { Clock } from '../../../adapters/kit/clock';
import type { Collection } from '../../../adapters/kit/province-adapter';
import type { GeoPoint } from '../../../schema/model';
import { createAnhuiSimulator } from '../../../simulators/anhui';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';

export const NOW = new Date('2026-07-12T04:00:00Z');
export const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
export const credentials = { user: 'demo', password: 'demo-ah-password' };

export let clock: SimClock;
export let sim: SimServer;
export let url: string;
export const adapters: AnhuiAdapter[] = [];

export function adapter(http?: HttpTuning, password = credentials.password): AnhuiAdapter {
  const a = new AnhuiAdapter({ baseUrl: url, credentials: { ...credentials, password }, clock: Clock.startingAt(NOW), http });
  adapters.push(a);
  return a;
}

export const admin = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
};
export const calls = async (): Promise<Record<string, number>> => (await admin<{ calls: Record<string, number> }>('/__sim/calls')).calls;
export const throttled = async (): Promise<number> => (await admin<{ total: number }>('/__sim/throttled')).total;

export type HeldRecord = { province: string; sourceId: string; updatedAt: string };
export const ah = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'AH');
export const badOf = (collection: Collection) => dataset.bad.filter((b) => b.province === 'AH' && b.collection === collection);
export const byId = <T extends { sourceId: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));

export function metres(a: GeoPoint, b: GeoPoint): number {
  const k = 111_320;
  return Math.hypot((a.lng - b.lng) * k * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * k);
}

/** Field by field: positions within 1 m, other numbers close, everything else equal. */
export function expectSame(actual: unknown, expected: unknown, path = 'record'): void {
  if (expected !== null && typeof expected === 'object' && 'lng' in expected && 'lat' in expected) {
    expect(actual).not.toBeNull();
    if (metres(actual as GeoPoint, expected as GeoPoint) >= 1) throw new Error(`${path}: ${JSON.stringify(actual)} is not within 1 m of ${JSON.stringify(expected)}`);
    return;
  }
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(actual as number).toBeCloseTo(expected, 6);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

export const setUp = async () => {
  clock = new SimClock(NOW);
  sim = createAnhuiSimulator({ dataset, clock, credentials });
  url = await sim.listen(0);
};

export const tearDown = async () => {
  for (const a of adapters) a.close();
  await sim.close();
};

export const afterEachTest = async () => {
  await admin('/__sim/faults/reset', {});
};
