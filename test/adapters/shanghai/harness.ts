import { ShanghaiAdapter } from '../../../adapters/shanghai';
import { Clock } from '../../../adapters/kit/clock';
import type { HttpTuning } from '../../../adapters/kit/adapter-options';
import type { Collection } from '../../../adapters/kit/province-adapter';
import type { GeoPoint } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import { createShanghaiSimulator } from '../../../simulators/shanghai';

/**
 * The Shanghai adapter against the real simulator on an ephemeral port, compared record by record
 * with the canonical data set; and its mapping functions on the document's own examples.
 */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const KEY = 'sh-adapter-test-key';
export const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
export const sh = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'SH');
export const bad = dataset.bad.filter((b) => b.province === 'SH');
export const FAST: HttpTuning = { timeoutMs: 2000, retries: 2, backoff: { initialMs: 5, maxMs: 20 } };

export let simClock: SimClock;
export let sim: SimServer;
export let url: string;
export const adapters: ShanghaiAdapter[] = [];

export function adapter(apiKey = KEY, http: HttpTuning = FAST): ShanghaiAdapter {
  const a = new ShanghaiAdapter({ baseUrl: url, credentials: { apiKey }, clock: Clock.startingAt(NOW), http });
  adapters.push(a);
  return a;
}

/** Metres between two WGS-84 points (haversine). */
export function metres(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export const isPoint = (v: unknown): v is GeoPoint =>
  typeof v === 'object' && v !== null && Object.keys(v).sort().join() === 'lat,lng';

/** Field by field: positions within 1 m, numbers close, everything else equal. */
export function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (isPoint(expected)) {
    expect(isPoint(actual) ? null : `${path} is not a point`).toBeNull();
    expect(metres(actual as GeoPoint, expected)).toBeLessThan(1);
  } else if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(actual as number).toBeCloseTo(expected, 6);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) ? (actual as unknown[]).length : `${path} is not a list`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual === 'object' && actual !== null ? Object.keys(actual).sort() : path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect({ path, value: actual }).toEqual({ path, value: expected });
  }
}

export const COLLECTIONS: Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];
export const ENDPOINT: Record<Collection, string> = {
  warnings: 'GET /api/v2/warnings',
  enterprises: 'GET /api/v2/hazmat/enterprises',
  waybills: 'GET /api/v2/hazmat/waybills',
  bases: 'GET /api/v2/rescue/bases',
};
export const good = (c: Collection): { sourceId: string; updatedAt: string }[] => sh(dataset[c] as { province: string; sourceId: string; updatedAt: string }[]);
export const badIds = (c: Collection): string[] => bad.filter((b) => b.collection === c).map((b) => b.record.sourceId);

export const setUp = async () => {
  simClock = new SimClock(NOW);
  sim = createShanghaiSimulator({ dataset, clock: simClock, credentials: { apiKey: KEY } });
  url = await sim.listen(0);
};

export const tearDown = async () => {
  for (const a of adapters) a.close();
  await sim.close();
};

export const beforeEachTest = () => {
  sim.faults.reset();
  sim.calls.reset();
};
