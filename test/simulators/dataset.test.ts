import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { globalId, PROVINCE_CODES, type GeoPoint, type ProvinceCode, type WarningRecord } from '../../schema/model';
import { ACTIVE_GUARD_MS, activeWarningIds, BRANCH_SITES, generateDataset, loadDataset, PER_PROVINCE, type CanonicalDataset, type Defect } from '../../simulators/dataset';

/**
 * The canonical data set checked against the reference geography and the legacy documents, with
 * checks written independently of the generator (the credit-code check character from the GB 32100
 * algorithm in legacy-apis/README.md, point-in-polygon with turf).
 */

const NOW = new Date('2026-07-12T10:00:00+08:00');
const HOUR = 3_600_000;
const DATA = path.resolve(__dirname, '../../data');

const features = (JSON.parse(fs.readFileSync(path.join(DATA, 'yrd-county-boundaries.geojson'), 'utf8')) as {
  features: Feature<Polygon | MultiPolygon, { adcode: string }>[];
}).features;
const featureOf = new Map(features.map((f) => [f.properties.adcode, f]));
const PROVINCE_FEATURE: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };
const divisions = new Set(
  fs.readFileSync(path.join(DATA, 'yrd-divisions.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[6] !== '')
    .map((f) => f[0]),
);

const PREFIX: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
const provinceOfCode = (adcode: string | null): ProvinceCode | 'OUTSIDE' | null => (adcode === null ? null : PREFIX[adcode.slice(0, 2)] ?? 'OUTSIDE');
const inFeature = (p: GeoPoint, adcode: string): boolean => {
  const f = featureOf.get(adcode);
  return f !== undefined && booleanPointInPolygon([p.lng, p.lat], f);
};

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function validCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * ((3 ** i) % 31);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const ISO_MINUTES = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/;
const ms = (iso: string): number => Date.parse(iso);

let d: CanonicalDataset;
beforeAll(() => {
  d = generateDataset({ seed: 'yrd', now: NOW, scale: 1 });
});

const byProvince = <T extends { province: ProvinceCode }>(records: readonly T[], p: ProvinceCode): T[] => records.filter((r) => r.province === p);

describe('determinism', () => {
  it('gives the same data set for the same seed, now and scale, and another for another seed', () => {
    const again = generateDataset({ seed: 'yrd', now: new Date(NOW.getTime()), scale: 1 });
    expect(again).toEqual(d);
    const other = generateDataset({ seed: 'other', now: NOW, scale: 1 });
    expect(other.enterprises.map((e) => e.creditCode)).not.toEqual(d.enterprises.map((e) => e.creditCode));
    expect(other.waybills.map((w) => w.plate)).not.toEqual(d.waybills.map((w) => w.plate));
  });

  it('loadDataset generates once per options', () => {
    const options = { seed: 'memo', now: NOW, scale: 1 };
    const first = loadDataset(options);
    expect(loadDataset({ ...options, now: new Date(NOW.getTime()) })).toBe(first);
    expect(loadDataset({ ...options, seed: 'memo2' })).not.toBe(first);
  });

  it('refuses a scale that is not a positive integer', () => {
    expect(() => generateDataset({ seed: 'yrd', now: NOW, scale: 0 })).toThrow(/positive integer/);
    expect(() => generateDataset({ seed: 'yrd', now: NOW, scale: 1.5 })).toThrow(/positive integer/);
    expect(() => generateDataset({ seed: 'yrd', now: new Date('nonsense'), scale: 1 })).toThrow(/valid Date/);
  });
});

describe('counts and ids', () => {
  it('holds the scale-1 counts in every province', () => {
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.warnings, p)).toHaveLength(PER_PROVINCE.warnings);
      expect(byProvince(d.enterprises, p)).toHaveLength(PER_PROVINCE.enterprises + BRANCH_SITES[p]);
      expect(byProvince(d.waybills, p)).toHaveLength(PER_PROVINCE.waybills);
      expect(byProvince(d.bases, p)).toHaveLength(PER_PROVINCE.bases);
    }
  });

  it('writes legacy ids as each system does, and global ids from them', () => {
    const formats: Record<ProvinceCode, { warning: RegExp; enterprise: RegExp; base: RegExp; team: RegExp }> = {
      SH: { warning: /^SHW-\d{8}-\d{4}$/, enterprise: /^SHE-\d{6}$/, base: /^SHB-\d{4}$/, team: /^SHT-\d{4}$/ },
      JS: { warning: /^JSW\d{8}\d{5}$/, enterprise: /^JSE\d{5}$/, base: /^JSB\d{4}$/, team: /^JST\d{4}$/ },
      ZJ: { warning: /^ZJYJ-33\d{2}00-\d{8}-\d{3}$/, enterprise: /^ZJQY-\d{4}$/, base: /^ZJJD-\d{3}$/, team: /^ZJDW-\d{4}$/ },
      AH: { warning: /^\d{11}$/, enterprise: /^AHQY\d{6}$/, base: /^AHJD\d{4}$/, team: /^AHDW\d{4}$/ },
    };
    const adcode: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };
    for (const w of d.warnings) {
      expect(w.sourceId).toMatch(formats[w.province].warning);
      expect(w.id).toBe(globalId(w.province, 'Warning', w.sourceId));
    }
    for (const e of d.enterprises) {
      expect(e.sourceId).toMatch(formats[e.province].enterprise);
      expect(e.id).toBe(globalId(e.province, 'HazmatEnterprise', e.sourceId));
    }
    for (const b of d.bases) {
      expect(b.sourceId).toMatch(formats[b.province].base);
      expect(b.id).toBe(globalId(b.province, 'RescueBase', b.sourceId));
      for (const t of b.teams) {
        expect(t.sourceId).toMatch(formats[b.province].team);
        expect(t.id).toBe(globalId(b.province, 'RescueTeam', t.sourceId));
      }
    }
    for (const w of d.waybills) {
      expect(w.number).toMatch(new RegExp(`^YD${adcode[w.province]}\\d{8}\\d{4}$`));
      expect(w.sourceId).toBe(w.number);
      expect(w.id).toBe(globalId(w.province, 'Waybill', w.number));
    }
    const ids = [...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases, ...d.bases.flatMap((b) => b.teams)].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('dates warning ids by their Beijing issue day', () => {
    for (const w of d.warnings) {
      const day = w.issuedAt.slice(0, 10).replace(/-/g, '');
      expect(w.sourceId).toContain(day);
    }
  });
});

describe('times', () => {
  it('writes every time with +08:00, whole minutes where the systems keep minutes', () => {
    for (const w of [...d.warnings, ...d.bad.filter((b) => b.collection === 'warnings').map((b) => b.record as WarningRecord)]) {
      expect(w.issuedAt).toMatch(ISO_MINUTES);
      expect(w.effectiveAt).toMatch(ISO_MINUTES);
      if (w.expiresAt !== null) expect(w.expiresAt).toMatch(ISO_MINUTES);
      expect(w.updatedAt).toMatch(ISO_SECONDS);
    }
    for (const w of d.waybills) if (w.departedAt !== null) expect(w.departedAt).toMatch(ISO_MINUTES);
    for (const p of d.trackPoints) expect(p.at).toMatch(ISO_SECONDS);
  });

  it('places every updatedAt in the last 30 days, not after now, with a few ties', () => {
    const all = [...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases, ...d.mutualAidRequests, ...d.bad.map((b) => b.record)];
    for (const r of all) {
      expect(r.updatedAt).toMatch(ISO_SECONDS);
      expect(ms(r.updatedAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(ms(r.updatedAt)).toBeGreaterThan(NOW.getTime() - 31 * 24 * HOUR);
    }
    for (const collection of [d.warnings, d.enterprises, d.waybills, d.bases]) {
      const keys = collection.map((r) => `${r.province} ${r.updatedAt}`);
      const ties = keys.length - new Set(keys).size;
      expect(ties).toBeGreaterThan(0);
      expect(ties).toBeLessThan(keys.length * 0.05);
    }
  });
});

describe('warnings', () => {
  it('chains UPDATEs and CANCELs to an earlier warning of the same province', () => {
    const byId = new Map(d.warnings.map((w) => [w.id, w]));
    const types = new Set(d.warnings.map((w) => w.messageType));
    expect(types).toEqual(new Set(['ALERT', 'UPDATE', 'CANCEL']));
    for (const w of d.warnings) {
      if (w.messageType === 'ALERT') {
        expect(w.supersedesId).toBeNull();
        continue;
      }
      const ref = byId.get(w.supersedesId as string);
      expect(ref).toBeDefined();
      expect(ref?.province).toBe(w.province);
      expect(ms((ref as WarningRecord).issuedAt)).toBeLessThan(ms(w.issuedAt));
      expect(ref?.event).toBe(w.event);
    }
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.warnings, p).some((w) => w.messageType === 'UPDATE')).toBe(true);
      expect(byProvince(d.warnings, p).some((w) => w.messageType === 'CANCEL')).toBe(true);
    }
  });

  it('keeps every issue, effective and expiry time at least 3 hours from now, in order', () => {
    const all = [...d.warnings, ...d.bad.filter((b) => b.collection === 'warnings').map((b) => b.record as WarningRecord)];
    for (const w of all) {
      for (const t of [w.issuedAt, w.effectiveAt, w.expiresAt]) {
        if (t !== null) expect(Math.abs(ms(t) - NOW.getTime())).toBeGreaterThanOrEqual(ACTIVE_GUARD_MS);
      }
      expect(ms(w.issuedAt)).toBeLessThanOrEqual(ms(w.effectiveAt));
      expect(ms(w.issuedAt)).toBeLessThan(NOW.getTime());
      if (w.expiresAt !== null) expect(ms(w.effectiveAt)).toBeLessThan(ms(w.expiresAt));
    }
    expect(d.warnings.some((w) => w.expiresAt === null)).toBe(true);
  });

  it('mixes warnings in force, expired, not yet effective, replaced and cancelled', () => {
    const now = NOW.getTime();
    const inForce = (w: WarningRecord): boolean => ms(w.effectiveAt) <= now && (w.expiresAt === null || ms(w.expiresAt) > now);
    for (const p of PROVINCE_CODES) {
      const ws = byProvince(d.warnings, p);
      const replaced = new Set(ws.filter((w) => w.messageType === 'UPDATE').map((w) => w.supersedesId));
      const cancelled = new Set(ws.filter((w) => w.messageType === 'CANCEL').map((w) => w.supersedesId));
      const active = ws.filter((w) => w.messageType !== 'CANCEL' && inForce(w) && !replaced.has(w.id) && !cancelled.has(w.id));
      expect(active.length).toBeGreaterThan(2);
      expect(ws.filter((w) => w.expiresAt !== null && ms(w.expiresAt) < now).length).toBeGreaterThan(5);
      expect(ws.filter((w) => ms(w.effectiveAt) > now).length + ws.filter((w) => !inForce(w)).length).toBeGreaterThan(0);
      expect(cancelled.size).toBeGreaterThan(0);
      // a CANCEL is itself never in force at now, so "active" does not depend on how it is read
      expect(ws.filter((w) => w.messageType === 'CANCEL' && inForce(w))).toEqual([]);
    }
    expect(d.warnings.some((w) => inForce(w) && d.warnings.some((u) => u.messageType === 'UPDATE' && u.supersedesId === w.id))).toBe(true);
  });

  it('gives the same active set at any time within 3 hours of now', () => {
    const now = NOW.getTime();
    const replacedOrCancelled = new Set(d.warnings.map((w) => w.supersedesId));
    const expected = new Set(
      d.warnings
        .filter((w) => w.messageType !== 'CANCEL' && !replacedOrCancelled.has(w.id))
        .filter((w) => ms(w.effectiveAt) <= now && (w.expiresAt === null || ms(w.expiresAt) > now))
        .map((w) => w.id),
    );
    expect(activeWarningIds(d.warnings, NOW)).toEqual(expected);
    for (const offset of [-2.9 * HOUR, -HOUR, HOUR, 2.9 * HOUR]) expect(activeWarningIds(d.warnings, new Date(now + offset))).toEqual(expected);
    expect(activeWarningIds(d.warnings, new Date(now + 2 * 24 * HOUR))).not.toEqual(expected);
  });

  it('names normalised divisions of its own province, some JS warnings a whole city', () => {
    for (const w of d.warnings) {
      expect(w.areaCodes.length).toBeGreaterThan(0);
      for (const a of w.areaCodes) {
        expect(divisions.has(a)).toBe(true);
        expect(provinceOfCode(a)).toBe(w.province);
      }
    }
    expect(byProvince(d.warnings, 'JS').some((w) => w.areaCodes.some((a) => /^32\d{2}00$/.test(a)))).toBe(true);
  });

  it('follows the region: coastal typhoons, Taihu floods, northern icing, southern forest fire', () => {
    const cityOf = (a: string): string => a.slice(0, 4);
    const hasEventIn = (events: string[], cities: string[]): boolean =>
      d.warnings.some((w) => events.includes(w.event) && w.areaCodes.some((a) => cities.includes(cityOf(a))));
    expect(hasEventIn(['TYPHOON', 'STORM_SURGE'], ['3101', '3302', '3309', '3310', '3303'])).toBe(true);
    expect(hasEventIn(['ROAD_ICING', 'BLIZZARD'], ['3203', '3213', '3207', '3403', '3412', '3406', '3416', '3413'])).toBe(true);
    expect(hasEventIn(['FOREST_FIRE'], ['3311', '3308', '3410', '3408', '3417', '3418', '3307'])).toBe(true);
    const scaled = generateDataset({ seed: 'yrd', now: NOW, scale: 3 });
    expect(scaled.warnings.some((w) => w.event === 'FLOOD' && w.areaCodes.some((a) => ['3205', '3202', '3305', '3304', '3204'].includes(cityOf(a))))).toBe(true);
    const coastal = new Set(['3101', '3302', '3309', '3310', '3303', '3206', '3209', '3207', '3300', '3200']);
    for (const w of scaled.warnings.filter((x) => x.event === 'TYPHOON')) expect(w.areaCodes.some((a) => coastal.has(cityOf(a)))).toBe(true);
    for (const w of d.warnings) {
      expect(w.headline.length).toBeGreaterThan(4);
      expect(w.description).toMatch(/[\u4e00-\u9fff]/);
      expect(w.issuer).toMatch(/(气象台|局|中心)$/);
    }
  });
});

describe('hazmat enterprises', () => {
  it('have valid credit codes, unique among those registered in the province that holds them; the branch sites hold codes registered elsewhere', () => {
    const home = d.enterprises.filter((e) => provinceOfCode(e.creditCode.slice(2, 8)) === e.province);
    const codes = home.map((e) => e.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of PROVINCE_CODES) expect(byProvince(d.enterprises, p).length - byProvince(home, p).length).toBe(BRANCH_SITES[p]);
    for (const e of d.enterprises) {
      expect(validCreditCode(e.creditCode)).toBe(true);
      const authority = e.creditCode.slice(2, 8);
      if (provinceOfCode(authority) !== 'OUTSIDE') expect(divisions.has(authority)).toBe(true);
    }
  });

  it('lie inside the county they are registered in, a few never geocoded', () => {
    for (const e of d.enterprises) {
      expect(provinceOfCode(e.divisionCode)).toBe(e.province);
      if (e.location) expect(inFeature(e.location, e.divisionCode)).toBe(true);
    }
    expect(d.enterprises.filter((e) => e.location === null).length).toBeGreaterThan(0);
    expect(d.enterprises.filter((e) => e.location === null).length).toBeLessThan(d.enterprises.length * 0.1);
  });

  it('cluster in the chemical parks', () => {
    const near = (p: GeoPoint, q: GeoPoint, km: number): boolean => Math.hypot((p.lng - q.lng) * 96, (p.lat - q.lat) * 111) < km;
    const parks: [ProvinceCode, GeoPoint][] = [
      ['SH', { lng: 121.33, lat: 30.72 }], ['JS', { lng: 118.8, lat: 32.27 }], ['ZJ', { lng: 121.68, lat: 29.98 }], ['AH', { lng: 117.1, lat: 30.56 }],
    ];
    for (const [p, centre] of parks) {
      const here = byProvince(d.enterprises, p).filter((e) => e.location && near(e.location, centre, 12));
      expect(here.length).toBeGreaterThan(5);
    }
  });

  it('hold chemicals of the UN list in tonnes, with grades, phones and some nulls', () => {
    const un: Record<string, string> = {
      '1203': 'CLASS_3', '1017': 'CLASS_2_3', '1005': 'CLASS_2_3', '1075': 'CLASS_2_1', '1230': 'CLASS_3',
      '1090': 'CLASS_3', '1830': 'CLASS_8', '1789': 'CLASS_8', '1114': 'CLASS_3', '1965': 'CLASS_2_1',
    };
    for (const e of d.enterprises) {
      expect(e.chemicals.length).toBeGreaterThan(0);
      for (const c of e.chemicals) {
        expect(un[c.unNumber]).toBe(c.hazardClass);
        expect(c.tonnes).toBeGreaterThan(0);
        expect(Math.round(c.tonnes * 1000) / 1000).toBe(c.tonnes);
      }
      if (e.contactPhone !== null) expect(e.contactPhone).toMatch(/^0\d{2,3}-\d{8}$/);
    }
    expect(byProvince(d.enterprises, 'SH').every((e) => e.contactPhone === null || e.contactPhone.startsWith('021-'))).toBe(true);
    expect(d.enterprises.some((e) => e.majorHazardGrade === null)).toBe(true);
    expect(d.enterprises.some((e) => e.majorHazardGrade === 'GRADE_1')).toBe(true);
  });
});

describe('waybills', () => {
  it('are issued by carriers of their own province, with valid codes and normalised plates', () => {
    for (const w of d.waybills) {
      expect(w.carrierCreditCode).not.toBeNull();
      expect(validCreditCode(w.carrierCreditCode as string)).toBe(true);
      expect(provinceOfCode((w.carrierCreditCode as string).slice(2, 8))).toBe(w.province);
      expect(w.plate).toMatch(/^[沪苏浙皖鲁豫鄂赣][A-Z][A-HJ-NP-Z0-9]{5}$/);
      for (const party of [w.origin, w.destination]) if (party.creditCode !== null) expect(validCreditCode(party.creditCode)).toBe(true);
    }
    const home: Record<ProvinceCode, string> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };
    for (const p of PROVINCE_CODES) expect(byProvince(d.waybills, p).filter((w) => w.plate.startsWith(home[p])).length).toBeGreaterThan(100);
    expect(d.waybills.some((w) => !'沪苏浙皖'.includes(w.plate[0]))).toBe(true);
  });

  it('run along the corridors between provinces, within provinces and out of the region', () => {
    const touching = (a: ProvinceCode, b: ProvinceCode, issuer: ProvinceCode): boolean =>
      d.waybills.some((w) => w.province === issuer && ((provinceOfCode(w.origin.divisionCode) === a && provinceOfCode(w.destination.divisionCode) === b) ||
        (provinceOfCode(w.origin.divisionCode) === b && provinceOfCode(w.destination.divisionCode) === a)));
    for (const [a, b] of [['JS', 'SH'], ['SH', 'ZJ'], ['AH', 'JS'], ['ZJ', 'AH']] as [ProvinceCode, ProvinceCode][]) {
      expect(touching(a, b, a)).toBe(true);
      expect(touching(a, b, b)).toBe(true);
    }
    const between = (x: string[], y: string[]): boolean =>
      d.waybills.some((w) => {
        const o = (w.origin.divisionCode ?? '').slice(0, 4);
        const t = (w.destination.divisionCode ?? '').slice(0, 4);
        return (x.includes(o) && y.includes(t)) || (y.includes(o) && x.includes(t));
      });
    expect(between(['3201'], ['3101'])).toBe(true); // Nanjing–Shanghai
    expect(between(['3101'], ['3301', '3302'])).toBe(true); // Shanghai–Hangzhou–Ningbo
    expect(between(['3401'], ['3201'])).toBe(true); // Hefei–Nanjing
    expect(between(['3408', '3402'], ['3201'])).toBe(true); // Anqing–Wuhu–Nanjing
    expect(between(['3203'], ['3207'])).toBe(true); // Xuzhou–Lianyungang
    expect(between(['3302'], ['3401'])).toBe(true); // Ningbo–Hefei
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.waybills, p).some((w) => provinceOfCode(w.origin.divisionCode) === p && provinceOfCode(w.destination.divisionCode) === p)).toBe(true);
    }
    const leaving = d.waybills.filter((w) => provinceOfCode(w.destination.divisionCode) === 'OUTSIDE');
    expect(leaving.length).toBeGreaterThan(0);
    for (const w of leaving) {
      if (w.destination.creditCode !== null) {
        expect(w.destination.creditCode.slice(2, 4)).toBe((w.destination.divisionCode as string).slice(0, 2));
        expect(provinceOfCode(w.destination.creditCode.slice(2, 8))).toBe('OUTSIDE');
      }
    }
    expect(leaving.some((w) => w.destination.divisionCode?.startsWith('37') || w.destination.divisionCode === '420100')).toBe(true);
  });

  it('name enterprises of the data set by name and credit code, any province', () => {
    let named = 0;
    let crossProvince = 0;
    for (const w of d.waybills) {
      for (const party of [w.origin, w.destination]) {
        const sites = d.enterprises.filter((e) => e.creditCode === party.creditCode);
        if (sites.length === 0) continue;
        const e = sites.find((s) => s.divisionCode === party.divisionCode) ?? sites[0];
        named++;
        expect(party.name).toBe(e.name);
        expect(party.divisionCode).toBe(e.divisionCode);
        if (e.province !== w.province) crossProvince++;
      }
    }
    expect(named).toBeGreaterThan(d.waybills.length * 0.5);
    expect(crossProvince).toBeGreaterThan(0);
    expect(d.waybills.some((w) => w.origin.creditCode === null || w.destination.creditCode === null)).toBe(true);
  });

  it('carry goods by the kilogram, departed only once under way', () => {
    for (const w of d.waybills) {
      expect(w.goods.length).toBeGreaterThan(0);
      for (const g of w.goods) expect(g.kilograms).toBeGreaterThan(0);
      if (w.status === 'PLANNED') expect(w.departedAt).toBeNull();
      if (w.status === 'IN_TRANSIT' || w.status === 'ARRIVED') expect(ms(w.departedAt as string)).toBeLessThan(NOW.getTime());
    }
    expect(new Set(d.waybills.map((w) => w.status))).toEqual(new Set(['PLANNED', 'IN_TRANSIT', 'ARRIVED', 'CANCELLED']));
    expect(d.waybills.some((w) => w.goods.some((g) => g.packingGroup === null))).toBe(true);
    expect(d.waybills.some((w) => w.goods.some((g) => g.packingGroup === 'II'))).toBe(true);
  });
});

describe('track points', () => {
  it('lie in the territory of the province that recorded them, never after now', () => {
    for (const p of d.trackPoints) {
      expect(inFeature(p.location, PROVINCE_FEATURE[p.province])).toBe(true);
      expect(ms(p.at)).toBeLessThanOrEqual(NOW.getTime());
      if (p.speedKmh !== null) expect(p.speedKmh).toBeGreaterThanOrEqual(0);
      if (p.speedKmh !== null) expect(p.speedKmh).toBeLessThanOrEqual(100);
    }
    expect(d.trackPoints.some((p) => p.speedKmh === null)).toBe(true);
  });

  it('are time-ordered per plate, and only for vehicles under way or arrived', () => {
    const moving = new Set(d.waybills.filter((w) => w.status === 'IN_TRANSIT' || w.status === 'ARRIVED').map((w) => w.plate));
    for (let i = 1; i < d.trackPoints.length; i++) {
      const [a, b] = [d.trackPoints[i - 1], d.trackPoints[i]];
      if (a.plate === b.plate) expect(ms(a.at)).toBeLessThan(ms(b.at));
    }
    for (const p of d.trackPoints) expect(moving.has(p.plate)).toBe(true);
  });

  it('record a cross-border trip piecewise in each province it passes', () => {
    const crossing = d.waybills.filter((w) => w.status === 'ARRIVED' && provinceOfCode(w.origin.divisionCode) !== provinceOfCode(w.destination.divisionCode) &&
      provinceOfCode(w.origin.divisionCode) !== 'OUTSIDE' && provinceOfCode(w.destination.divisionCode) !== 'OUTSIDE');
    expect(crossing.length).toBeGreaterThan(20);
    for (const w of crossing) {
      const trip = d.trackPoints.filter((p) => p.plate === w.plate && p.at >= (w.departedAt as string) && p.at <= w.updatedAt);
      const provinces = new Set(trip.map((p) => p.province));
      expect(provinces.has(provinceOfCode(w.origin.divisionCode) as ProvinceCode)).toBe(true);
      expect(provinces.has(provinceOfCode(w.destination.divisionCode) as ProvinceCode)).toBe(true);
    }
  });
});

describe('rescue bases', () => {
  it('keep Shanghai to its three levels and lie in their county', () => {
    expect(new Set(byProvince(d.bases, 'SH').map((b) => b.level))).toEqual(new Set(['NATIONAL', 'PROVINCIAL', 'COUNTY']));
    for (const b of d.bases) {
      expect(provinceOfCode(b.divisionCode)).toBe(b.province);
      if (b.location) expect(inFeature(b.location, b.divisionCode)).toBe(true);
      if (b.creditCode !== null) expect(validCreditCode(b.creditCode)).toBe(true);
      expect(b.capabilities.length).toBeGreaterThan(0);
      expect(b.teams.length).toBeGreaterThan(0);
      for (const t of b.teams) expect(t.members).toBeGreaterThan(0);
    }
    expect(d.bases.some((b) => b.creditCode === null)).toBe(true);
    expect(d.bases.some((b) => !b.onDuty)).toBe(true);
  });

  it('include the national hazmat bases', () => {
    const national = d.bases.filter((b) => b.level === 'NATIONAL' && b.capabilities.includes('HAZMAT')).map((b) => b.divisionCode);
    for (const county of ['310116', '330211', '330921', '320116', '320312']) expect(national).toContain(county);
  });

  it('share a credit code across two provinces for at least three organisations', () => {
    const provincesOf = new Map<string, Set<ProvinceCode>>();
    for (const b of d.bases) if (b.creditCode) provincesOf.set(b.creditCode, new Set([...(provincesOf.get(b.creditCode) ?? []), b.province]));
    const shared = [...provincesOf.entries()].filter(([, ps]) => ps.size === 2);
    expect(shared.length).toBeGreaterThanOrEqual(3);
    for (const [code, ps] of shared) expect(ps.has(provinceOfCode(code.slice(2, 8)) as ProvinceCode)).toBe(true);
    expect(shared.some(([code, ps]) => code.slice(2, 4) === '32' && ps.has('SH'))).toBe(true);
  });

  it('stock materials with consistent codes and units, and name an Anhui base outside GB2312', () => {
    const unitOf = new Map<string, string>();
    for (const m of d.bases.flatMap((b) => b.materials)) {
      expect(m.quantity).toBeGreaterThan(0);
      expect(unitOf.get(m.code) ?? m.unit).toBe(m.unit);
      unitOf.set(m.code, m.unit);
    }
    expect(unitOf.get('FH-001')).toBe('套');
    expect(unitOf.get('CFZ-02')).toBe('艘');
    expect(byProvince(d.bases, 'AH').some((b) => /[堃喆]/.test(b.name))).toBe(true);
  });

  it('seed mutual-aid requests to real bases from another province', () => {
    const bases = new Map(d.bases.map((b) => [b.id, b]));
    for (const r of d.mutualAidRequests) {
      expect(bases.get(r.baseId)?.province).toBe(r.province);
      expect(r.fromProvince).not.toBe(r.province);
      expect(r.id).toBe(globalId(r.province, 'MutualAidRequest', r.sourceId));
    }
  });
});

describe('bad records', () => {
  it('hold every defect kind, in every province, with ids of their own', () => {
    const kinds: Defect[] = ['INVALID_CREDIT_CODE', 'UNKNOWN_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'];
    for (const p of PROVINCE_CODES) {
      const mine = d.bad.filter((b) => b.province === p);
      expect(new Set(mine.map((b) => b.defect))).toEqual(new Set(kinds));
      for (const collection of ['warnings', 'enterprises', 'waybills', 'bases'] as const) {
        const good = d[collection].filter((r) => r.province === p).length;
        const bad = mine.filter((b) => b.collection === collection).length;
        expect(bad).toBeGreaterThanOrEqual(1);
        expect(bad).toBeLessThanOrEqual(Math.max(1, Math.ceil(good * 0.04)));
      }
    }
    const goodIds = new Set([...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases].map((r) => `${r.province} ${r.sourceId}`));
    for (const b of d.bad) {
      expect(b.record.province).toBe(b.province);
      expect(goodIds.has(`${b.province} ${b.record.sourceId}`)).toBe(false);
      if (b.defect === 'UNKNOWN_CODE') expect(['warnings', 'bases']).toContain(b.collection);
      if (b.defect === 'INVALID_CREDIT_CODE') {
        const code = b.collection === 'waybills' ? b.record.carrierCreditCode : b.collection === 'warnings' ? null : b.record.creditCode;
        expect(code).not.toBeNull();
      }
    }
    const referenced = new Set(d.warnings.map((w) => w.supersedesId));
    for (const b of d.bad) if (b.collection === 'warnings') expect(referenced.has(b.record.id)).toBe(false);
  });
});

describe('scale', () => {
  it('multiplies the records by the scale', () => {
    const ten = generateDataset({ seed: 'yrd', now: NOW, scale: 10 });
    const branchSites = Object.values(BRANCH_SITES).reduce((a, b) => a + b, 0);
    for (const k of ['warnings', 'waybills', 'bases'] as const) expect(ten[k].length).toBe(d[k].length * 10);
    expect(ten.enterprises.length - branchSites).toBe((d.enterprises.length - branchSites) * 10);
    expect(ten.bad.length).toBeGreaterThan(d.bad.length * 7);
    expect(ten.bad.length).toBeLessThan(d.bad.length * 13);
    expect(ten.trackPoints.length).toBeGreaterThan(d.trackPoints.length * 7);
    expect(ten.trackPoints.length).toBeLessThan(d.trackPoints.length * 13);
    const codes = ten.enterprises.filter((e) => provinceOfCode(e.creditCode.slice(2, 8)) === e.province).map((e) => e.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
