import { ZhejiangAdapter } from '../../../adapters/zhejiang';
import { Clock } from '../../../adapters/kit/clock';
import type { CallInfo } from '../../../adapters/kit/http';
import type { Collection, CollectionRecord, Mapped } from '../../../adapters/kit/province-adapter';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { loadDataset } from '../../support/test-dataset';
import type { CanonicalDataset } from '../../../simulators/dataset/types';
import { createZhejiangSimulator } from '../../../simulators/zhejiang';

/** The Zhejiang adapter against the simulated 浙里急 on an ephemeral port, checked against the canonical data set. */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const CREDENTIALS = { clientId: 'demo-zj-client', clientSecret: 'demo-zj-secret' };
export const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

export let dataset: CanonicalDataset;
export let simClock: SimClock;
export let sim: SimServer;
export let url: string;
export let adapter: ZhejiangAdapter;
export const extraAdapters: ZhejiangAdapter[] = [];

export function adapterFor(baseUrl: string, options: { credentials?: typeof CREDENTIALS; onCall?: (info: CallInfo) => void } = {}): ZhejiangAdapter {
  const a = new ZhejiangAdapter({
    baseUrl,
    credentials: options.credentials ?? CREDENTIALS,
    clock: Clock.startingAt(NOW),
    http: { backoff: { initialMs: 5, maxMs: 20 }, onCall: options.onCall },
  });
  extraAdapters.push(a);
  return a;
}

export const zj = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'ZJ');
export const goodOf = <C extends Collection>(c: C): CollectionRecord[C][] => zj(dataset[c] as CollectionRecord[C][]);
export const badOf = (c: Collection) => dataset.bad.filter((b) => b.province === 'ZJ' && b.collection === c);
export const calls = (): Record<string, number> => sim.calls.snapshot();

export function metresBetween(a: GeoPoint, b: GeoPoint): number {
  const dy = (a.lat - b.lat) * 110_540;
  const dx = (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

export function expectLocation(actual: GeoPoint | null, expected: GeoPoint | null): void {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(metresBetween(actual as GeoPoint, expected)).toBeLessThan(1);
}

/** Field by field: positions within 1 m, quantities with toBeCloseTo, everything else equal. */
export function expectSameRecord<C extends Collection>(c: C, actual: CollectionRecord[C], expected: CollectionRecord[C]): void {
  const plain = (r: CollectionRecord[Collection]): unknown => {
    switch (c) {
      case 'enterprises': {
        const e = r as CollectionRecord['enterprises'];
        return { ...e, location: null, chemicals: e.chemicals.map((x) => ({ ...x, tonnes: 0 })) };
      }
      case 'waybills': {
        const w = r as CollectionRecord['waybills'];
        return { ...w, goods: w.goods.map((g) => ({ ...g, kilograms: 0 })) };
      }
      case 'bases': {
        const b = r as CollectionRecord['bases'];
        return { ...b, location: null, materials: b.materials.map((m) => ({ ...m, quantity: 0 })) };
      }
      default:
        return r;
    }
  };
  expect(plain(actual)).toEqual(plain(expected));
  if (c === 'enterprises') {
    const [a, e] = [actual, expected] as CollectionRecord['enterprises'][];
    expectLocation(a.location, e.location);
    a.chemicals.forEach((x, i) => expect(x.tonnes).toBeCloseTo(e.chemicals[i].tonnes, 6));
  }
  if (c === 'waybills') {
    const [a, e] = [actual, expected] as CollectionRecord['waybills'][];
    a.goods.forEach((g, i) => expect(g.kilograms).toBeCloseTo(e.goods[i].kilograms, 6));
  }
  if (c === 'bases') {
    const [a, e] = [actual, expected] as CollectionRecord['bases'][];
    expectLocation(a.location, e.location);
    a.materials.forEach((m, i) => expect(m.quantity).toBeCloseTo(e.materials[i].quantity, 6));
  }
}

export function expectMatchesDataset<C extends Collection>(c: C, mapped: Mapped<CollectionRecord[C]>, expected: CollectionRecord[C][], expectedBad: string[]): void {
  const byId = new Map(mapped.records.map((r) => [r.sourceId, r]));
  expect(mapped.records.length).toBe(expected.length);
  expect(byId.size).toBe(expected.length);
  for (const e of expected) {
    const a = byId.get(e.sourceId);
    expect(a).toBeDefined();
    expectSameRecord(c, a as CollectionRecord[C], e);
  }
  expect(mapped.invalid.map((i) => i.sourceId).sort()).toEqual([...expectedBad].sort());
  // An enterprise that cannot be mapped still says its credit code, so that a read by credit code can name it.
  const creditCode = c === 'enterprises' ? { creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/) } : {};
  for (const issue of mapped.invalid) expect(issue).toEqual({ code: 'LEGACY_DATA_INVALID', province: 'ZJ', sourceId: expect.any(String), reason: expect.any(String), ...creditCode });
}

export const setUp = async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  simClock = new SimClock(NOW);
  sim = createZhejiangSimulator({ dataset, clock: simClock, credentials: CREDENTIALS });
  url = await sim.listen(0);
  adapter = adapterFor(url);
};

export const tearDown = async () => {
  for (const a of extraAdapters) a.close();
  await sim.close();
};

export const beforeEachTest = () => sim.calls.reset();
