import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { PROVINCE_CODES } from '../../schema/model';
import { ConfigError } from '../../schema/config/read-variables';
import { loadGeography } from '../../simulators/dataset';
import { loadSimulatorConfig } from '../../simulators/config';
import { corruptCreditCode, creditCheckChar, CreditCodeRegistry, isValidCreditCode, makeCreditCode } from '../../simulators/dataset/credit-code';
import { CORRIDORS, PARKS, PROVINCE_ROUTES } from '../../simulators/dataset/places';
import { Rng } from '../../simulators/dataset/prng';
import { NAMED_BASES, SHARED_ORGANISATIONS } from '../../simulators/dataset/rescue-catalogue';
import { routeAlong } from '../../simulators/dataset/spatial';
import { beijingDate, isoBeijing } from '../../simulators/dataset/time';

describe('credit codes', () => {
  it('computes the GB 32100 check character', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false);
  });

  it('makes unique valid codes for a registering authority, and invalid copies on demand', () => {
    const rng = new Rng('credit');
    const registry = new CreditCodeRegistry();
    const codes = Array.from({ length: 2000 }, () => registry.issue(rng, '320117', 'enterprise'));
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) {
      expect(c).toMatch(/^91320117[0-9]{8}[0-9X][0-9A-HJ-NPQRTUWXY]$/);
      expect(isValidCreditCode(c)).toBe(true);
      expect(isValidCreditCode(corruptCreditCode(c))).toBe(false);
    }
    expect(makeCreditCode(new Rng('x'), '310116', 'public-institution')).toMatch(/^12310116/);
    expect(() => makeCreditCode(rng, '3201', 'enterprise')).toThrow(/adcode/);
  });
});

describe('prng', () => {
  it('repeats a stream for a label and forks independent ones', () => {
    const a = new Rng('seed');
    const b = new Rng('seed');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(new Rng('seed').fork('x').next()).not.toBe(new Rng('seed').fork('y').next());
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const r = new Rng('ints');
    const seen = new Set(Array.from({ length: 500 }, () => r.int(1, 6)));
    expect(seen).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
});

describe('Beijing time', () => {
  it('writes ISO-8601 with +08:00 in whole seconds, and the Beijing calendar day', () => {
    expect(isoBeijing(Date.parse('2026-07-12T00:30:00.999Z'))).toBe('2026-07-12T08:30:00+08:00');
    expect(isoBeijing(Date.parse('2026-07-11T16:00:00Z'))).toBe('2026-07-12T00:00:00+08:00');
    expect(isoBeijing(Date.parse('2026-12-31T15:59:59Z'))).toBe('2026-12-31T23:59:59+08:00');
    expect(beijingDate(Date.parse('2026-07-11T16:00:00Z'))).toBe('20260712');
    expect(beijingDate(Date.parse('2026-07-11T15:59:59Z'))).toBe('20260711');
  });
});

describe('geography', () => {
  const geo = loadGeography();
  const features = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../data/yrd-county-boundaries.geojson'), 'utf8')) as {
    features: Feature<Polygon | MultiPolygon, { adcode: string }>[];
  }).features;
  const provinceFeatures = PROVINCE_CODES.map((p) => features.find((f) => f.properties.adcode === { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' }[p]));

  it('leaves out divisions without a centre', () => {
    expect(geo.divisions.has('330204')).toBe(false);
    expect(geo.divisions.has('320812')).toBe(false);
    expect(geo.division('330212').name).toBe('鄞州区');
    expect(geo.counties('SH').every((c) => c.cityCode === '310000')).toBe(true);
  });

  it('finds the province of a point as turf does', () => {
    const rng = new Rng('points');
    for (let i = 0; i < 20000; i++) {
      const p = { lng: rng.float(114.8, 123), lat: rng.float(27, 35.2) };
      const index = provinceFeatures.findIndex((f) => f !== undefined && booleanPointInPolygon([p.lng, p.lat], f));
      expect(geo.provinceAt(p)).toBe(index < 0 ? null : PROVINCE_CODES[index]);
    }
  });

  it('has parks, named bases and motorways where the places say', () => {
    for (const p of PROVINCE_CODES) {
      for (const park of PARKS[p]) expect(geo.countyAt(park.centre)).toBe(park.county);
      for (const b of NAMED_BASES[p]) if (b.near) expect(geo.countyAt(b.near)).toBe(b.county);
      for (const route of PROVINCE_ROUTES[p]) for (const w of route) expect(geo.provinceAt(w)).toBe(p);
    }
    for (const c of CORRIDORS) for (const w of c.waypoints) expect([c.a.province, c.b.province]).toContain(geo.provinceAt(w));
    for (const org of SHARED_ORGANISATIONS) {
      expect(new Set(org.bases.map((b) => b.province)).size).toBe(2);
      for (const b of org.bases) expect(geo.division(b.county).province).toBe(b.province);
    }
  });

  it('routes along the stretch of motorway between the two ends', () => {
    const way = [{ lng: 0, lat: 0 }, { lng: 1, lat: 0 }, { lng: 2, lat: 0 }, { lng: 3, lat: 0 }];
    expect(routeAlong({ lng: 2.9, lat: 0.1 }, { lng: 0.9, lat: 0.1 }, way)).toEqual([
      { lng: 2.9, lat: 0.1 }, { lng: 3, lat: 0 }, { lng: 2, lat: 0 }, { lng: 1, lat: 0 }, { lng: 0.9, lat: 0.1 },
    ]);
    expect(routeAlong({ lng: 1.1, lat: 0 }, { lng: 0.9, lat: 0 }, way)).toEqual([{ lng: 1.1, lat: 0 }, { lng: 0.9, lat: 0 }]);
  });
});

describe('the simulators\' data set options (loadSimulatorConfig)', () => {
  it('defaults to seed "yrd", the present and scale 1', () => {
    const before = Date.now();
    const o = loadSimulatorConfig({}).dataset;
    expect(o.seed).toBe('yrd');
    expect(o.scale).toBe(1);
    expect(o.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(o.now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('reads SIM_SEED, SIM_NOW and SIM_SCALE', () => {
    const o = loadSimulatorConfig({ SIM_SEED: 'bench', SIM_NOW: '2026-07-12T10:00:00+08:00', SIM_SCALE: '100' }).dataset;
    expect(o).toEqual({ seed: 'bench', now: new Date('2026-07-12T02:00:00Z'), scale: 100 });
  });

  it('refuses an invalid SIM_NOW or SIM_SCALE with a clear error', () => {
    expect(() => loadSimulatorConfig({ SIM_NOW: 'yesterday' })).toThrow(ConfigError);
    expect(() => loadSimulatorConfig({ SIM_NOW: 'yesterday' })).toThrow(/SIM_NOW.*yesterday/);
    for (const bad of ['0', '-2', '1.5', 'ten']) expect(() => loadSimulatorConfig({ SIM_SCALE: bad })).toThrow(`SIM_SCALE="${bad}"`);
  });
});
