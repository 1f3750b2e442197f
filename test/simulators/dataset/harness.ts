import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';
import { generateDataset, type CanonicalDataset } from '../../../simulators/dataset';

/**
 * The canonical data set checked against the reference geography and the legacy documents, with
 * checks written independently of the generator (the credit-code check character from the GB 32100
 * algorithm in legacy-apis/README.md, point-in-polygon with turf): the data set at NOW and the
 * reference data and checks that the test files of this folder share.
 */

export const NOW = new Date('2026-07-12T10:00:00+08:00');
export const HOUR = 3_600_000;
const DATA = path.resolve(__dirname, '../../../data');

const features = (JSON.parse(fs.readFileSync(path.join(DATA, 'yrd-county-boundaries.geojson'), 'utf8')) as {
  features: Feature<Polygon | MultiPolygon, { adcode: string }>[];
}).features;
const featureOf = new Map(features.map((f) => [f.properties.adcode, f]));
export const PROVINCE_FEATURE: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };
export const divisions = new Set(
  fs.readFileSync(path.join(DATA, 'yrd-divisions.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[6] !== '')
    .map((f) => f[0]),
);

const PREFIX: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
export const provinceOfCode = (adcode: string | null): ProvinceCode | 'OUTSIDE' | null => (adcode === null ? null : PREFIX[adcode.slice(0, 2)] ?? 'OUTSIDE');
export const inFeature = (p: GeoPoint, adcode: string): boolean => {
  const f = featureOf.get(adcode);
  return f !== undefined && booleanPointInPolygon([p.lng, p.lat], f);
};

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function validCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * ((3 ** i) % 31);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
export const ISO_MINUTES = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/;
export const ms = (iso: string): number => Date.parse(iso);

/** The data set at NOW, generated before each file's tests. */
export let d: CanonicalDataset;
beforeAll(() => {
  d = generateDataset({ seed: 'yrd', now: NOW, scale: 1 });
});

export const byProvince = <T extends { province: ProvinceCode }>(records: readonly T[], p: ProvinceCode): T[] => records.filter((r) => r.province === p);
