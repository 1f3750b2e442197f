import type { GeoPoint } from '../../../schema/model';
import { haversineKm } from '../../../schema/geography';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import {
  bd09ToWgs84,
  gcj02ToWgs84,
  parseDms,
  validLocation,
  wgs84ToBd09,
  wgs84ToGcj02,
} from '../../../adapters/kit/coordinates';

const metres = (a: GeoPoint, b: GeoPoint): number => haversineKm(a, b) * 1000;

/** Sites across the region: the Bund, Nanjing, Ningbo port, Hefei, Huangshan, Lianyungang. */
const SITES: GeoPoint[] = [
  { lng: 121.4737, lat: 31.2304 },
  { lng: 118.7969, lat: 32.0603 },
  { lng: 121.8447, lat: 29.9355 },
  { lng: 117.2272, lat: 31.8206 },
  { lng: 118.1692, lat: 30.1322 },
  { lng: 119.2216, lat: 34.5967 },
];

describe('parseDms', () => {
  it('reads Anhui longitudes and latitudes as decimal degrees', () => {
    expect(parseDms(`117°13'38.5"E`)).toBeCloseTo(117 + 13 / 60 + 38.5 / 3600, 10);
    expect(parseDms(`31°49'12.1"N`)).toBeCloseTo(31 + 49 / 60 + 12.1 / 3600, 10);
    expect(parseDms(`117°02'45.0"E`)).toBeCloseTo(117.045833333, 8);
  });

  it('makes south and west negative', () => {
    expect(parseDms(`33°51'35"S`)).toBeCloseTo(-(33 + 51 / 60 + 35 / 3600), 10);
    expect(parseDms(`151°12'40"W`)).toBeCloseTo(-(151 + 12 / 60 + 40 / 3600), 10);
  });

  it('accepts typographic primes, spaces, a leading hemisphere and missing seconds', () => {
    expect(parseDms(`117° 13′ 38.5″ E`)).toBeCloseTo(117.227361, 6);
    expect(parseDms(`E117°13'38.5"`)).toBeCloseTo(117.227361, 6);
    expect(parseDms(`31°30'N`)).toBe(31.5);
    expect(parseDms(`31.5°N`)).toBe(31.5);
  });

  it.each([
    ['', 'empty'],
    ['117.2274', 'no degree sign'],
    [`117°61'00"E`, 'minutes of 60 or more'],
    [`117°13'60"E`, 'seconds of 60 or more'],
    [`91°00'00"N`, 'a latitude beyond 90'],
    [`E117°13'38.5"E`, 'two hemispheres'],
    [`117°13'38.5"Q`, 'an unknown hemisphere'],
  ])('rejects %j (%s)', (value) => {
    expect(() => parseDms(value)).toThrow(LegacyDataInvalidError);
    expect(() => parseDms(value)).toThrow(`invalid DMS coordinate "${value}"`);
  });
});

describe('datum conversions', () => {
  it.each(SITES)('BD-09 back to WGS-84 lands within 1 m of the truth (%o)', (truth) => {
    const bd = wgs84ToBd09(truth);
    expect(metres(bd, truth)).toBeGreaterThan(300);
    expect(metres(bd09ToWgs84(bd), truth)).toBeLessThan(1);
  });

  it.each(SITES)('GCJ-02 back to WGS-84 lands within 1 m of the truth (%o)', (truth) => {
    const gcj = wgs84ToGcj02(truth);
    expect(metres(gcj, truth)).toBeGreaterThan(100);
    expect(metres(gcj02ToWgs84(gcj), truth)).toBeLessThan(1);
  });

  it('reads Jiangsu six-decimal GCJ-02 strings within 1 m', () => {
    const truth = SITES[1];
    const gcj = wgs84ToGcj02(truth);
    const sent = { lng: Number(gcj.lng.toFixed(6)), lat: Number(gcj.lat.toFixed(6)) };
    expect(metres(gcj02ToWgs84(sent), truth)).toBeLessThan(1);
  });

  it('passes NaN through so that validLocation rejects it', () => {
    expect(validLocation(bd09ToWgs84({ lng: NaN, lat: 31 }))).toBeNull();
  });
});

describe('validLocation', () => {
  it('keeps a position in China', () => {
    expect(validLocation({ lng: 121.4737, lat: 31.2304 })).toEqual({ lng: 121.4737, lat: 31.2304 });
  });

  it.each([
    ['0,0 (never geocoded)', { lng: 0, lat: 0 }],
    ['NaN', { lng: NaN, lat: 31.2 }],
    ['Infinity', { lng: 121.4, lat: Infinity }],
    ['east of China', { lng: 140.1, lat: 35.6 }],
    ['west of China', { lng: 70, lat: 35 }],
    ['south of China', { lng: 110, lat: 2.5 }],
    ['north of China', { lng: 120, lat: 54.5 }],
    ['swapped lng and lat', { lng: 31.2304, lat: 121.4737 }],
  ])('is null for %s', (_what, p) => {
    expect(validLocation(p)).toBeNull();
  });

  it('is null for a missing position', () => {
    expect(validLocation(null)).toBeNull();
    expect(validLocation(undefined)).toBeNull();
  });
});
