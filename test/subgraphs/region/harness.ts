import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ABOLISHED_ADCODES } from '../../../schema/geography';
import { startRegionSubgraph, type RunningRegionSubgraph } from '../../../subgraphs/region/server';

export const root = path.resolve(__dirname, '../../..');

/** The oracle: data/yrd-divisions.csv read directly, abolished codes left out. */
export interface CsvRow {
  adcode: string;
  name: string;
  level: string;
  parent: string;
  lng: string;
  lat: string;
}
export const csvRows: CsvRow[] = readFileSync(path.join(root, 'data/yrd-divisions.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [adcode, name, level, parent, , , lng, lat] = line.split(',');
    return { adcode, name, level: level.toUpperCase(), parent, lng, lat };
  })
  .filter((row) => !ABOLISHED_ADCODES.has(row.adcode));
export const csvByCode = new Map(csvRows.map((r) => [r.adcode, r]));

export const boundaryCodes = new Set(
  (JSON.parse(readFileSync(path.join(root, 'data/yrd-county-boundaries.geojson'), 'utf8')) as { features: { properties: { adcode: string | number } }[] }).features.map((f) =>
    String(f.properties.adcode),
  ),
);

export interface Answer<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export let region: RunningRegionSubgraph;

export async function query<T>(text: string, variables?: Record<string, unknown>): Promise<Answer<T>> {
  const res = await fetch(region.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer<T>, 'status'>) };
}

export async function data<T>(text: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await query<T>(text, variables);
  expect(answer.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.data as T;
}

export interface DivisionOut {
  adcode: string;
  name: string;
  level: string;
  province: string;
}

export const at = (lng: number, lat: number): Promise<{ divisionsAt: DivisionOut[] }> =>
  data(`query($p: GeoPointInput!) { divisionsAt(point: $p) { adcode name level province } }`, { p: { lng, lat } });

export const setUp = async () => {
  region = await startRegionSubgraph({ port: 0 });
};

export const tearDown = async () => {
  await region?.close();
};
