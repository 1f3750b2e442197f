import { JiangsuAdapter } from '../../../adapters/jiangsu';
import { Clock } from '../../../adapters/kit/clock';
import type { Collection } from '../../../adapters/kit/province-adapter';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';
import { SimClock } from '../../../simulators/common/clock';
import type { SimServer } from '../../../simulators/common/sim-server';
import { type CanonicalDataset } from '../../../simulators/dataset';
import { loadDataset } from '../../support/test-dataset';
import { createJiangsuSimulator } from '../../../simulators/jiangsu';

/**
 * The Jiangsu adapter against the jsyj simulator on an ephemeral port, record by record against the
 * canonical data set; and its mappers on the examples of legacy-apis/jiangsu.md.
 */

export const NOW = new Date('2026-07-12T04:00:00Z');
export const CREDENTIALS = { appId: 'test-js-app', appSecret: 'test-js-secret' };
export const FAST = { retries: 0, timeoutMs: 3000, breaker: { consecutiveFailures: 1000 } };
export const COLLECTIONS: Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

export const mine = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'JS');

export const metres = (a: GeoPoint, b: GeoPoint): number =>
  Math.hypot((a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

/** A record with its location taken out and every number rounded to 6 decimals (toBeCloseTo for a whole record). */
export function comparable(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'location').map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

export function expectSameRecord(actual: { location?: GeoPoint | null }, expected: { location?: GeoPoint | null }): void {
  expect(comparable(actual)).toEqual(comparable(expected));
  if (expected.location === undefined) return;
  if (expected.location === null) expect(actual.location).toBeNull();
  else expect(metres(actual.location as GeoPoint, expected.location)).toBeLessThan(1);
}

export interface Setup {
  dataset: CanonicalDataset;
  clock: SimClock;
  sim: SimServer;
  url: string;
}

export async function start(scale = 1): Promise<Setup> {
  const dataset = loadDataset({ seed: 'test', now: NOW, scale });
  const clock = new SimClock(NOW);
  const sim = createJiangsuSimulator({ dataset, clock, credentials: CREDENTIALS });
  const url = await sim.listen(0);
  return { dataset, clock, sim, url };
}

export const adapters: JiangsuAdapter[] = [];
export function adapterFor(url: string, clock = Clock.startingAt(NOW), credentials = CREDENTIALS): JiangsuAdapter {
  const adapter = new JiangsuAdapter({ baseUrl: url, credentials, clock, http: FAST });
  adapters.push(adapter);
  return adapter;
}

export let s: Setup;
export let adapter: JiangsuAdapter;

export const callsTo = (sim: SimServer, operation: string): number => sim.calls.snapshot()[`GET /jsyj/services/${operation}`] ?? 0;

/** The row's XML again with some elements' text replaced (an empty string writes an empty element). */
export function xmlWith(row: Record<string, unknown>, replace: Record<string, string>): string {
  const write = (name: string, value: unknown): string => {
    if (typeof value === 'string') return value === '' ? `<${name}/>` : `<${name}>${value}</${name}>`;
    if (Array.isArray(value)) return value.map((v) => write(name, v)).join('');
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => write(k, v)).join('')}</${name}>`;
  };
  return `<Row>${Object.entries(row).map(([k, v]) => write(k, k in replace ? replace[k] : v)).join('')}</Row>`;
}
export const setUp = async () => {
  s = await start();
  adapter = adapterFor(s.url);
};

export const tearDown = async () => {
  for (const a of adapters) a.close();
  await s.sim.close();
};
